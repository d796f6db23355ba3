import { mount } from 'svelte';
import App from './ui/App.svelte';
import { appUpdate } from './ui/pwa.svelte.ts';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing');
// Inside another site's frame the page could be overlaid and clicked through (clickjacking),
// and a meta CSP cannot forbid framing (frame-ancestors works only as an HTTP header): the
// workbench then refuses to start and says how to open it.
if (window.top !== window.self) {
  const message = document.createElement('p');
  message.setAttribute('data-testid', 'framed');
  message.style.cssText = 'padding:24px;font-size:16px';
  message.textContent = '为保护您的数据，绩效评价工作台不能在其他网页的框架中使用。请在浏览器中直接打开本工作台的地址。';
  target.replaceChildren(message);
} else {
  target.replaceChildren(); // the note for a page that never starts (index.html)
  mount(App, { target });
}
appUpdate.start();
