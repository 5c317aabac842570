// The appspec module: types, the YAML 1.1 parser and validator, and the permission matcher.
export { formatAce, fullAcl, parseAce } from './acl.ts';
export { APPSPEC_MESSAGES, INSTALL_PERMISSION_MESSAGES } from './messages.ts';
export { checkMode } from './mode.ts';
export {
  AppSpecError,
  parseAppSpec,
  parseAppSpecOrThrow,
  type AppSpecParse,
  type ParseAppSpecOptions,
} from './parse-app-spec.ts';
export { DEFAULT_SCRIPT_TIMEOUT_SECONDS } from './hooks.ts';
export { matchesSimpleGlob, permissionReaches } from './permission-match.ts';
export { rubyStrip } from './ruby-values.ts';
export type { AppSpecProblem } from './problems.ts';
export { formatRange, parseRange } from './selinux-range.ts';
export * from './types.ts';
export { loadYaml, type YamlLoad, type YMap, type YNode, type YScalar, type YSeq } from './yaml-tree.ts';
