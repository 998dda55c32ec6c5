/** Why dist/ must be rebuilt from the sources under root, or undefined when it is current. */
export function staleReason(root: string): string | undefined;
