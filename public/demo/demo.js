// Wires the demo page's buttons to the widget's JavaScript API and lists the answers it reports.
function wire() {
  const api = window.Sourcier
  for (const button of document.querySelectorAll('[data-demo="open"]')) button.addEventListener('click', () => api.open())
  for (const button of document.querySelectorAll('[data-demo="close"]')) button.addEventListener('click', () => api.close())
  for (const button of document.querySelectorAll('[data-demo="ask"]')) {
    button.addEventListener('click', () => api.ask(button.dataset.question))
  }
  const log = document.querySelector('[data-demo="log"]')
  const empty = document.querySelector('[data-demo="log-empty"]')
  api.on('answer', (answer) => {
    const item = document.createElement('li')
    const first = answer.extracts[0]
    item.textContent = first
      ? `${answer.status}: ${answer.extracts.length} extract(s); first: ${first.document.shortTitle} (${first.document.year}), ${first.paragraph.label}`
      : `${answer.status}: ${answer.message ?? 'no extract'}`
    log.prepend(item)
    empty.hidden = true
  })
}

if (window.Sourcier) wire()
else document.addEventListener('sourcier:ready', wire, { once: true })
