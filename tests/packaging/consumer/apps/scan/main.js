// A frontend's use of the package: `import` it as an npm dependency and scan the prompt
// before it leaves the page. The same source is built by Vite and by esbuild.
import { Scanner } from 'promptward';

const scanner = new Scanner();
const prompt = document.querySelector('#prompt');
const verdict = document.querySelector('#verdict');
const list = document.querySelector('#matches');

function show() {
  const text = prompt.value;
  const result = scanner.scan(text);
  verdict.textContent = result.action;
  list.replaceChildren(...result.matches.map((m) => {
    const item = document.createElement('li');
    item.textContent = `${m.rule} ${m.start}-${m.end} ${m.action}`;
    return item;
  }));
  document.body.dataset.scans = String(scanner.stats().totalScans);
}

prompt.addEventListener('input', show);
show();
