import { errorAt, toWhere, type Where } from './where.js';

/**
 * `talosImageURL` must be an image name without tag or digest (talgen appends `:<talosVersion>`).
 * `where` locates the value itself (sub-path `[]`); a plain string is its field path.
 */
export function checkTalosImageURL(url: string, where?: string | Where): void {
  const w = toWhere(where);
  const lastSlash = url.lastIndexOf('/');
  if (url.includes('@') || url.slice(lastSlash + 1).includes(':')) {
    throw errorAt(w, [], `talosImageURL "${url}" must not contain a tag or digest`, {
      hint: `talgen appends ":<talosVersion>" itself: use ${JSON.stringify(url.replace(/@.*$/, '').replace(/:[^/:]*$/, ''))}`,
    });
  }
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const ref = new RegExp(`^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?/)?${component}(?:/${component})*$`);
  if (!ref.test(url)) {
    throw errorAt(w, [], `talosImageURL "${url}" is not an image name`, {
      hint: 'lowercase path components separated by "/", e.g. factory.talos.dev/metal-installer/<schematic id>',
    });
  }
}
