import { layout } from './layout';
import { personPage } from './pages';

describe('layout', () => {
  it('escapes an id taken from the URL wherever the page uses it', () => {
    const page = layout(personPage('<script>alert(1)</script>"'));
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('<h1>Person &lt;script&gt;alert(1)&lt;/script&gt;&quot;</h1>');
    expect(page).toContain('data-person-id="&lt;script&gt;alert(1)&lt;/script&gt;&quot;"');
  });

  it('gives every page one h1, a skip link to the main content, and scripts from /assets only', () => {
    const page = layout(personPage('P-1'));
    expect(page.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page).toContain('<a class="skip-link" href="#main-content">');
    expect(page).toContain('<main id="main-content"');
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/common.js" defer>', '<script src="/assets/person.js" defer>']);
  });
});
