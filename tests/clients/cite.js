// Read one of the archive's files with citation.js and print what it understood, as JSON:
// [{item: <CSL-JSON item>, apa: <APA text>}, ...]. Usage: node cite.js bibtex|ris|csl FILE
'use strict'
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')

const FORMATS = { bibtex: '@biblatex/text', ris: '@ris/file', csl: '@csl/list+object' }
const [kind, file] = process.argv.slice(2)
if (!FORMATS[kind] || !file) {
  console.error('usage: node cite.js bibtex|ris|csl FILE')
  process.exit(2)
}
const text = fs.readFileSync(file, 'utf8')
const input = kind === 'csl' ? JSON.parse(text) : text
const items = new Cite(input, { forceType: FORMATS[kind] }).data
const out = items.map((item) => ({
  item,
  apa: new Cite(item).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim(),
}))
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
