/** snyk-docker-plugin's inventory of a docker-archive, from the peer installed in `peerDir`. */
export async function snykInventory(archivePath: string, peerDir: string): Promise<{ packages: number }> {
  const mod = (await import(`${peerDir}/node_modules/snyk-docker-plugin/dist/index.js`)) as {
    scan: (o: Record<string, unknown>) => Promise<{ scanResults: { facts: { type: string; data: unknown }[] }[] }>;
  };
  const res = await mod.scan({ path: `docker-archive:${archivePath}` });
  // The depGraph fact is a DepGraph instance; its package list includes the image root itself.
  const deps = res.scanResults[0]?.facts.find((f) => f.type === "depGraph")?.data as { getPkgs?: () => unknown[] } | undefined;
  return { packages: (deps?.getPkgs?.().length ?? 1) - 1 };
}
