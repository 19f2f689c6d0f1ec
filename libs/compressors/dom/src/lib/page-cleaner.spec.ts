import { cleanPage } from './page-cleaner';

describe(cleanPage.name, () => {
  it.each([
    ['scripts', '<p>a</p><script>var x = "<p>b</p>";</script><p>c</p>', '<p>a</p><p>c</p>'],
    ['styles and svg', '<style>p{}</style><svg><path/></svg><svg/><p>a</p>', '<p>a</p>'],
    ['comments', '<p>a</p><!-- <p>b</p> --><p>c</p>', '<p>a</p><p>c</p>'],
    ['an unclosed comment to the end', '<p>a</p><!-- <p>b</p>', '<p>a</p>'],
    ['stylesheet links', '<link rel="stylesheet" href="a.css"><p>a</p>', '<p>a</p>'],
    ['event handlers', '<img src="x.png" onerror="steal()" alt="x">', '<img src="x.png" alt="x">'],
    ['inline styles', '<p style="color: red" class="a">a</p>', '<p class="a">a</p>'],
    ['hiding styles, into hidden', '<div style="display: none">x</div>', '<div hidden>x</div>'],
  ])('drops %s', (_name, html, expected) => {
    expect(cleanPage(html)).toBe(expected);
  });

  it('leaves an unclosed script and what follows it to the parser', () => {
    expect(cleanPage('<p>a</p><script>var x;<p>b</p>')).toBe('<p>a</p><script>var x;<p>b</p>');
  });

  it('keeps attribute-like text outside tags', () => {
    const html = '<pre>&lt;p style="color: red" onclick="x"&gt;</pre>';

    expect(cleanPage(html)).toBe(html);
  });

  it('leaves pages full of unclosed tags as they are', () => {
    // Each unclosed tag once meant a scan to the end of the page; now the
    // first miss is remembered, so this page costs one pass.
    const html = '<p>text</p><svg>'.repeat(20_000) + '<style>'.repeat(20_000);

    expect(cleanPage(html)).toBe(html);
  });
});
