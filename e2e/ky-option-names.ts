// The names an options object handed to ky or to fetch can be read by: every member of ky's
// own option types (KyOptions, Options, Hooks, RetryOptions), read from the ky that is
// installed, and of lib.dom's RequestInit, plus two members browsers read that lib.dom may
// lack. A polluted Object.prototype under any of these names must change nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/** Member names of the type literals and interfaces called `names` in the file `path`. */
const membersOf = (path: string, names: string[]): string[] => {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) &&
      names.includes(node.name.text)
    ) {
      const members = ts.isInterfaceDeclaration(node)
        ? node.members
        : ts.isTypeLiteralNode(node.type)
          ? node.type.members
          : [];
      for (const member of members)
        if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)))
          found.push(member.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

const kyTypes = join(dirname(require.resolve('ky')), 'types');
const dom = join(dirname(require.resolve('typescript')), 'lib.dom.d.ts');

export const OPTION_NAMES: readonly string[] = [
  ...new Set([
    ...membersOf(join(kyTypes, 'options.d.ts'), ['KyOptions', 'Options']),
    ...membersOf(join(kyTypes, 'hooks.d.ts'), ['Hooks']),
    ...membersOf(join(kyTypes, 'retry.d.ts'), ['RetryOptions']),
    ...membersOf(dom, ['RequestInit']),
    'duplex',
    'priority',
  ]),
].sort();
