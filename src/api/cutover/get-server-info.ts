import type { ActionHandler } from '../action.ts';

/** Output of GetServerInfo. */
export interface GetServerInfoOutput {
  accountId: string;
  region: string;
  /** PEM certificate that deployment specifications are signed with; agents verify against it. */
  specificationCertificate: string;
}

/**
 * GetServerInfo (Cutover extension): what a tool setting up a host needs to know about this
 * installation: the account id in its ARNs, its region, and the certificate agents check
 * deployment specifications against. Nothing secret.
 */
export const getServerInfo: ActionHandler<Record<string, never>, GetServerInfoOutput> = async (_input, ctx) => ({
  accountId: ctx.accountId, region: ctx.region, specificationCertificate: ctx.runtime.specSigner.certificatePem,
});
