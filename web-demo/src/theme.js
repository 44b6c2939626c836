// Light and dark themes: the page follows the system's preference until the button chooses one,
// which is remembered in this browser (localStorage). Everything, the editors included, is coloured
// through CSS variables that the `data-theme` attribute switches.

const KEY = 'ebw-playground-theme';

function stored() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function initTheme(button) {
  const system = matchMedia('(prefers-color-scheme: dark)');
  const apply = (theme) => {
    document.documentElement.dataset.theme = theme;
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  };
  apply(stored() ?? (system.matches ? 'dark' : 'light'));
  system.addEventListener('change', (e) => {
    if (!stored()) apply(e.matches ? 'dark' : 'light');
  });
  button.addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // storage unavailable: the choice lasts until the page is left
    }
    apply(next);
  });
}
