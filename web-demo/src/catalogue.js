// The sample-event catalogue: real events from AWS services and partners (web-demo/samples/, bundled
// by scripts/build-web.mjs into samples.json), searchable by any word of their title, service,
// source or detail-type; choosing one loads it as the event.
import { rovingFocus } from './roving-focus.js';
import { el } from './dom.js';

export class Catalogue {
  constructor({ list, search, count, status, onLoad }) {
    Object.assign(this, { list, search, count, status, onLoad });
    this.samples = [];
    this.focus = rovingFocus(list, 'button.sample');
    search.addEventListener('input', () => this.render());
  }

  async load(url) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      this.samples = await response.json();
    } catch (e) {
      this.status.textContent = `The sample events did not load: ${e.message}`;
      return;
    }
    for (const s of this.samples) {
      s.haystack = [s.title, s.service, s.event.source, s.event['detail-type'], s.sourceTitle].join(' ').toLowerCase();
    }
    this.count.textContent = String(this.samples.length);
    this.render();
  }

  render() {
    const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const found = this.samples.filter((s) => words.every((w) => s.haystack.includes(w)));
    this.list.textContent = '';
    for (const s of found) {
      const li = el('li');
      const button = el('button', 'sample');
      button.type = 'button';
      button.dataset.sampleId = s.id;
      button.appendChild(el('span', 'sample-service', s.service));
      button.appendChild(el('span', 'sample-title', s.title));
      button.addEventListener('click', () => {
        this.onLoad(s);
        this.status.textContent = `Loaded "${s.title}".`;
      });
      li.appendChild(button);
      this.list.appendChild(li);
    }
    this.focus.reset();
    this.status.textContent = words.length ? `${found.length} of ${this.samples.length} sample events match.` : '';
  }
}
