import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AttachmentList } from '../../api/types';
import { fileNameOf } from '../../api/client';
import { FixedLanguage, type Lang } from '../../i18n';
import { fileProblem, formatBytes } from '../../lib/attachments';
import { AttachmentsView } from './AttachmentsPanel';

const LIST: AttachmentList = {
  caseId: 'c1',
  canUpload: true,
  maxBytes: 10 * 1024 * 1024,
  kinds: [
    { kind: 'application', title: { zh: '申请材料', en: 'Application documents' } },
    { kind: 'meeting_minutes', title: { zh: '会议记录', en: 'Meeting minutes' } },
    { kind: 'other', title: { zh: '其他', en: 'Other' } },
  ],
  items: [
    {
      id: '0b6c3f7e-2f7b-4d0e-9d55-5d1f0f3f8a11', name: '村民代表会议记录.png', size: 1_572_864, contentType: 'image/png', sha256: 'a'.repeat(64),
      kind: 'meeting_minutes', kindTitle: { zh: '会议记录', en: 'Meeting minutes' },
      uploadedBy: { username: 'cun.yannali', displayName: '闫那里村 经办员' }, uploadedAt: '2026-11-29T02:30:00.000Z',
    },
  ],
};

const render = (list: AttachmentList | undefined, lang: Lang = 'zh') =>
  renderToStaticMarkup(createElement(FixedLanguage, { lang, children: createElement(AttachmentsView, { list, onUpload: async () => true, onDownload: () => undefined }) }));

describe('材料 on the case page', () => {
  it('lists each document with its kind title, size, uploader name and time, and its name as the download', () => {
    const html = render(LIST);
    // Folded on a phone, the head says how many there are (hidden while open).
    expect(html).toContain('<h2>材料<span class="fold-summary"> · 1 份</span></h2>');
    expect(html).toContain('data-testid="attachment-download"');
    expect(html).toContain('村民代表会议记录.png');
    expect(html).toContain('会议记录 · 1.5 MB · 闫那里村 经办员 · ');
    // Words, never codes: no kind code, username or id in the visible text.
    const text = html.replace(/<[^>]+>/g, ' ');
    expect(text).not.toContain('meeting_minutes');
    expect(text).not.toContain('cun.yannali');
    expect(text).not.toContain('0b6c3f7e');
  });

  it('offers the camera upload to those who may add, with the kinds as titles and the limit in words', () => {
    const html = render(LIST);
    expect(html).toMatch(/<input[^>]*type="file"[^>]*accept="application\/pdf,image\/jpeg,image\/png,\.ofd"[^>]*capture="environment"/);
    expect(html).toContain('<option value="application">申请材料</option>');
    expect(html).toContain('每个不超过 10 MB');
    expect(render(LIST, 'en')).toContain('Take a photo or choose a file');
  });

  it('shows no upload to those who may not add (reviewers, people not acting on the case), and says when there is nothing yet', () => {
    const html = render({ ...LIST, canUpload: false, items: [] });
    expect(html).not.toContain('type="file"');
    expect(html).toContain('尚未上传材料');
  });

  it('refuses before sending, in words: a file too large, a type the api would refuse', () => {
    expect(fileProblem({ name: 'scan.pdf', size: 11 * 1024 * 1024, type: 'application/pdf' }, LIST.maxBytes)).toEqual({
      key: 'attachments.tooLarge', vars: { name: 'scan.pdf', size: '11 MB', max: '10 MB' },
    });
    expect(fileProblem({ name: 'notes.docx', size: 100, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, LIST.maxBytes))
      .toEqual({ key: 'attachments.wrongType', vars: { name: 'notes.docx' } });
    // OFD has no MIME type browsers know: the extension decides.
    expect(fileProblem({ name: '决定书.ofd', size: 100, type: '' }, LIST.maxBytes)).toBeNull();
    expect(fileProblem({ name: 'IMG_0001.JPG', size: 100, type: 'image/jpeg' }, LIST.maxBytes)).toBeNull();
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(320 * 1024)).toBe('320 KB');
  });

  it('a download is saved under its UTF-8 name, not the ASCII fallback', () => {
    expect(fileNameOf(`attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('会议记录.png')}`)).toBe('会议记录.png');
    expect(fileNameOf('attachment; filename="audit.csv"')).toBe('audit.csv');
    expect(fileNameOf(`attachment; filename="x.pdf"; filename*=UTF-8''%E4%ZZ`)).toBe('x.pdf');
  });
});
