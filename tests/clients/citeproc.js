// Format CSL-JSON items with citeproc-js (npm `citeproc`, the processor of Zotero and citation.js)
// and the CSL style files given, and print the bibliography entries as JSON:
// {"<style name>": {"<item id>": "<plain text>", ...}, ...}.
// Usage: node citeproc.js ITEMS.json LOCALE.xml NAME=STYLE.csl [NAME=STYLE.csl ...]
// The locale file is given, not looked up, so that citeproc-js and the page read the same terms.
'use strict'
const fs = require('fs')
const CSL = require('citeproc')

const [itemsFile, localeFile, ...styles] = process.argv.slice(2)
if (!itemsFile || !localeFile || styles.length === 0) {
  console.error('usage: node citeproc.js ITEMS.json LOCALE.xml NAME=STYLE.csl [...]')
  process.exit(2)
}
const items = JSON.parse(fs.readFileSync(itemsFile, 'utf8'))
const locale = fs.readFileSync(localeFile, 'utf8')
const byId = new Map(items.map((item) => [String(item.id), item]))
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => byId.get(String(id))
}
const out = {}
for (const style of styles) {
  const at = style.indexOf('=')
  const name = style.slice(0, at)
  const engine = new CSL.Engine(sys, fs.readFileSync(style.slice(at + 1), 'utf8'), 'en-US', true)
  engine.opt.development_extensions.wrap_url_and_doi = false
  out[name] = {}
  for (const item of items) {
    // one item per bibliography, as the page formats each article on its own
    engine.updateItems([String(item.id)])
    engine.setOutputFormat('text')
    const [, entries] = engine.makeBibliography()
    out[name][item.id] = entries.join('').trim()
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
