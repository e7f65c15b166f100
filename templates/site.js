// postbound's site script: the colour scheme toggle and the search box. The pages
// work without it: the scheme follows the device, and the search box is a link
// to the archive until this script replaces it.
(() => {
  const root = document.documentElement;
  const KEY = 'postbound-scheme';

  // Colour scheme: the device's until the reader picks one, then theirs on every page.
  const toggle = document.querySelector('.scheme-toggle');
  if (toggle) {
    const dark = () => root.dataset.scheme === 'dark' || (!root.dataset.scheme && matchMedia('(prefers-color-scheme: dark)').matches);
    const show = () => {
      const on = dark();
      toggle.setAttribute('aria-pressed', String(on));
      toggle.textContent = toggle.dataset.labelDark;
    };
    toggle.addEventListener('click', () => {
      root.dataset.scheme = dark() ? 'light' : 'dark';
      try {
        localStorage.setItem(KEY, root.dataset.scheme);
      } catch {
        // private windows may refuse storage: the choice lasts for this page
      }
      show();
    });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', show);
    show();
    toggle.hidden = false;
  }

  // Search: Pagefind's index, loaded on the first keystroke.
  const box = document.querySelector('.search');
  if (!box) return;
  const form = box.querySelector('.search-form');
  const input = box.querySelector('input');
  const results = box.querySelector('.search-results');
  box.querySelector('.search-link').hidden = true;
  form.hidden = false;
  let pagefind;
  let latest = 0;
  const text = (name, n) => box.dataset[name].replace('{n}', String(n));
  const run = async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) {
      results.replaceChildren();
      delete results.dataset.query;
      return;
    }
    pagefind ??= import(box.dataset.pagefind);
    const search = await (await pagefind).search(query);
    const found = await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
    if (mine !== latest) return;
    const count = document.createElement('p');
    count.className = 'search-count';
    const n = search.results.length;
    count.textContent = n === 0 ? box.dataset.none : n === 1 ? box.dataset.one : text('results', n);
    const list = document.createElement('ol');
    for (const page of found) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = page.url;
      link.textContent = page.meta.title;
      const excerpt = document.createElement('p');
      // Pagefind's excerpt is the page's own text with <mark> around the matches
      excerpt.innerHTML = page.excerpt;
      item.append(link, excerpt);
      list.append(item);
    }
    results.replaceChildren(count, ...(found.length ? [list] : []));
    results.dataset.query = query;
  };
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      input.value = '';
      results.replaceChildren();
    }
  });
})();
