import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The names a module exports, read from its source with the TypeScript parser (no type checking): `export { a, b as c }`
 * and `export type { … }` lists (multi-line, `type` modifiers inside the braces), `export * as ns`, and exported
 * `const`/`let`/`function`/`class`/`interface`/`type`/`enum`/`namespace` declarations. `export * from './x.js'` is
 * followed into the re-exported file; a bare `export *` from a package, `export default` and `export =` are rejected with
 * an error naming the file, because their names cannot be listed from the source alone.
 */
export function exportedNames(file: string, host: SourceHost = fileSystemHost): string[] {
  const start = host.resolve(file, '');
  return [...namesOf(start, new Set([start]), host)].sort();
}

/** Where sources come from: the file system by default; a map of files in tests. */
export interface SourceHost {
  /** The text of a file, or an error naming it. */
  read(file: string): string;
  /** The file an `export * from specifier` in `from` re-exports (`from` is '' for the entry file). */
  resolve(specifier: string, from: string): string;
}

function namesOf(fileName: string, visiting: Set<string>, host: SourceHost): Set<string> {
  const source = host.read(fileName);
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) names.add(element.name.text);
      } else if (clause && ts.isNamespaceExport(clause)) {
        names.add(clause.name.text);
      } else {
        const specifier = statement.moduleSpecifier;
        if (!specifier || !ts.isStringLiteral(specifier)) {
          throw new Error(`exportedNames: ${fileName} has an \`export *\` without a module specifier`);
        }
        const target = host.resolve(specifier.text, fileName);
        if (visiting.has(target)) continue;
        visiting.add(target);
        for (const name of namesOf(target, visiting, host)) if (name !== 'default') names.add(name);
      }
    } else if (ts.isExportAssignment(statement)) {
      const form = statement.isExportEquals ? 'export =' : 'export default';
      throw new Error(`exportedNames: ${fileName} has \`${form}\`; use named exports`);
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) {
        throw new Error(`exportedNames: ${fileName} has \`export default\`; use named exports`);
      }
      for (const name of declaredNames(statement, fileName)) names.add(name);
    }
  }
  return names;
}

const fileSystemHost: SourceHost = {
  read(file) {
    if (!existsSync(file)) throw new Error(`exportedNames: ${file} does not exist`);
    return readFileSync(file, 'utf8');
  },
  resolve: (specifier, from) => (from === '' ? resolve(specifier) : resolveRelative(specifier, from)),
};

/** `./x.js` → `./x.ts` (or `./x/index.ts`) beside `from`; a package specifier is rejected. */
function resolveRelative(specifier: string, from: string): string {
  if (!specifier.startsWith('.')) {
    throw new Error(
      `exportedNames: ${from} has \`export * from '${specifier}'\`; re-export a package's names explicitly ` +
        `(export { a, b } from '${specifier}') so they can be listed`,
    );
  }
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    `${base}.ts`,
    base.replace(/\.js$/, '.tsx'),
    resolve(base, 'index.ts'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(
      `exportedNames: cannot find '${specifier}' (re-exported by ${from}); tried ${candidates.join(', ')}`,
    );
  return found;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return (
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind)
  );
}

function declaredNames(statement: ts.Statement, fileName: string): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => bindingNames(declaration.name));
  }
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  ) {
    if (statement.name && ts.isIdentifier(statement.name)) return [statement.name.text];
  }
  throw new Error(
    `exportedNames: ${fileName}: cannot read the name of an exported ${ts.SyntaxKind[statement.kind]}`,
  );
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : bindingNames(element.name),
  );
}
