// Read one of the archive's files with citation.js and print what it understood, as JSON:
// [{item: <CSL-JSON item>, apa: <APA text>, <name>: <text>...}, ...].
// Usage: node cite.js bibtex|ris|csl FILE [NAME=STYLE.csl ...] (more styles, by their CSL files)
'use strict'
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')

const FORMATS = { bibtex: '@biblatex/text', ris: '@ris/file', csl: '@csl/list+object' }
const [kind, file, ...styles] = process.argv.slice(2)
const config = require('@citation-js/core').plugins.config.get('@csl')
const templates = { apa: 'apa' }
for (const style of styles) {
  const [name, path] = style.split('=')
  config.styles.add(name, fs.readFileSync(path, 'utf8'))
  templates[name] = name
}
if (!FORMATS[kind] || !file) {
  console.error('usage: node cite.js bibtex|ris|csl FILE')
  process.exit(2)
}
const text = fs.readFileSync(file, 'utf8')
const input = kind === 'csl' ? JSON.parse(text) : text
const items = new Cite(input, { forceType: FORMATS[kind] }).data
const out = items.map((item) => {
  const entry = { item }
  for (const [name, template] of Object.entries(templates)) {
    entry[name] = new Cite(item).format('bibliography', { format: 'text', template, lang: 'en-US' }).trim()
  }
  return entry
})
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
