/**
 * The identifiers written inside Markdown code spans: `` `createUdm(config, modules)` `` gives `createUdm`, `config` and
 * `modules`. A member access (`VpProcess.alphaBar`) gives only its object (`VpProcess`), so a method never stands in
 * for a module-level export of the same name.
 */
export function codeSpanNames(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const span of markdown.matchAll(/(`+)([^`][\s\S]*?)\1(?!`)/g)) {
    for (const identifier of (span[2] ?? '').matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g))
      names.add(identifier[0]);
  }
  return names;
}
