import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { communeLayerUrl } from '../../client/src/api.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The page's types of each layer's properties (client/src/api.ts) against what the server serves: the page
 * must not read a property the server does not serve, nor ask in `properties=` for one it does not know.
 * The client is read with the TypeScript compiler: the `properties=` list of each collection (MAP_PROPERTIES)
 * and the interface each collection is fetched as (`fetchCollection<Interface>('id')`).
 */

const real = useRealApp();
const API = path.join(PROJECT_ROOT, 'client/src/api.ts');

interface ClientCollection {
  /** The properties the page asks for. */
  requested: string[];
  /** The interface it reads the features as, and that interface's members. */
  type: string;
  typed: string[];
}

/** What client/src/api.ts asks of each collection, and the properties its types name. */
function readClient(): Map<string, Partial<ClientCollection>> {
  const unreadable = (d: ts.Diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(PROJECT_ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: unreadable,
    },
  )!;
  // The project's compiler options: the interfaces resolve as tsc sees them, imported ones included.
  const program = ts.createProgram([API], config.options);
  const checker = program.getTypeChecker();
  const collections = new Map<string, Partial<ClientCollection>>();
  const of = (id: string) => collections.get(id) ?? collections.set(id, {}).get(id)!;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'MAP_PROPERTIES' && node.initializer) {
      const literal = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (!ts.isObjectLiteralExpression(literal)) throw new Error('MAP_PROPERTIES is no longer an object literal');
      for (const entry of literal.properties) {
        const text = ts.isPropertyAssignment(entry) ? stringOf(entry.initializer) : null;
        if (!ts.isPropertyAssignment(entry) || text === null) continue;
        const id = ts.isStringLiteral(entry.name) ? entry.name.text : entry.name.getText();
        of(id).requested = text.split(',');
      }
    }
    if (ts.isCallExpression(node) && node.expression.getText() === 'fetchCollection' && node.typeArguments?.length) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) {
        const typeNode = node.typeArguments[0]!;
        const members = checker.getPropertiesOfType(checker.getTypeFromTypeNode(typeNode)).map((p) => p.getName());
        Object.assign(of(argument.text), { type: typeNode.getText(), typed: members });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(API)!);
  return collections;
}

async function servedProperties(collection: string): Promise<string[]> {
  const response = await real.app.inject({ url: `/ogc/collections/${collection}/schema` });
  expect(response.statusCode, collection).toBe(200);
  const schema = response.json() as { properties: { properties: { properties: object } } };
  return Object.keys(schema.properties.properties.properties);
}

const missing = (names: string[] = [], from: string[] = []) => names.filter((name) => !from.includes(name));

describe("the page's property types match the server's schemas", () => {
  const client = readClient();

  it('finds, for each collection the page fetches, its properties= list and its interface', () => {
    expect(client.size).toBeGreaterThanOrEqual(6);
    for (const [id, c] of client) {
      expect(c.requested, `${id}: properties= list`).toBeDefined();
      expect(c.typed?.length, `${id}: members of fetchCollection's type`).toBeGreaterThan(0);
    }
  });

  for (const [id, { requested, type, typed }] of client) {
    it(`${id} (${type}): every property named is served, and asked for`, async () => {
      const served = await servedProperties(id);
      expect({
        [`${type} names, the server does not serve`]: missing(typed, served),
        'properties= asks for, the server does not know': missing(requested, served),
        [`${type} names, properties= does not ask for`]: missing(typed, requested),
        [`properties= asks for, ${type} does not name`]: missing(requested, typed),
      }).toEqual({
        [`${type} names, the server does not serve`]: [],
        'properties= asks for, the server does not know': [],
        [`${type} names, properties= does not ask for`]: [],
        [`properties= asks for, ${type} does not name`]: [],
      });
    });
  }

  it('asks the commune layer only for properties it serves, for every commune indicator and period', async () => {
    const served = await servedProperties('communes');
    const { indicators } = (await real.app.inject({ url: '/api/indicators' })).json() as {
      indicators: { id: string; subject: string; periods: { period: string }[] }[];
    };
    const communeIndicators = indicators.filter((i) => i.subject === 'commune');
    expect(communeIndicators.length).toBeGreaterThan(0);
    for (const indicator of communeIndicators) {
      for (const period of [null, ...indicator.periods.map((p) => p.period)]) {
        const url = new URL(communeLayerUrl('http://atlas.test', 'cc-briancon', indicator.id, period, 'json'));
        expect(missing(url.searchParams.get('properties')!.split(','), served), url.href).toEqual([]);
      }
    }
  });
});

/** The text of a string literal, or of literals joined with `+` (long lists are wrapped that way); null otherwise. */
function stringOf(node: ts.Expression): string | null {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return stringOf(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const [left, right] = [stringOf(node.left), stringOf(node.right)];
    return left === null || right === null ? null : left + right;
  }
  return null;
}
