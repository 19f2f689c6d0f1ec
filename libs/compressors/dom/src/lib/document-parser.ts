import { JSDOM } from 'jsdom';

let window: JSDOM['window'] | undefined;

/**
 * Parses HTML into an inert document. One jsdom window is created lazily and
 * its DOMParser reused: a fresh JSDOM per page costs a window set-up each
 * time. Documents from DOMParser never run scripts and never load
 * resources, and the window itself is built with neither enabled.
 */
export function parseDocument(html: string): Document {
  window ??= new JSDOM('<!doctype html><html><head></head><body></body></html>').window;

  return new window.DOMParser().parseFromString(html, 'text/html');
}
