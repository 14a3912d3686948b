// Templates as frameworks make them: React (and other renderers that build the DOM node by
// node) put a <template>'s children in the element itself, not in its `content`.
import { expect, landing, mint, test, UNAUTOMATED } from './helpers';

test.use(UNAUTOMATED);

test('a template whose children are its own, as React renders JSX, is read from them', async ({
  page,
}) => {
  const token = await mint({ action: 'delay' });
  await page.goto('/fixtures/manual-run.html');
  const url = landing('/landing.html', { token, action: 'delay', days: 21 });
  const shown = await page.evaluate(async (url) => {
    const host = document.createElement('div');
    const template = document.createElement('template');
    template.setAttribute('data-oca-template', 'success');
    const heading = document.createElement('h2');
    heading.textContent = 'All set: {days} days';
    template.appendChild(heading);
    host.appendChild(template);
    document.body.appendChild(host);
    const inContent = template.content.childNodes.length;
    const oca = (window as unknown as { OCA: { run: (o: object) => Promise<{ status: string }> } })
      .OCA;
    const { status } = await oca.run({ url, target: host });
    return {
      inContent,
      status,
      heading: host.querySelector('[role=status] h2')?.textContent,
      template: heading.textContent,
    };
  }, url);
  expect(shown).toEqual({
    inContent: 0,
    status: 'success',
    heading: 'All set: 21 days',
    template: 'All set: {days} days',
  });
});
