/** The activities of the versioning fixtures: each returns its own name, so a result lists the steps run. */
export const versionActivities = {
  async first(): Promise<string> {
    return 'first';
  },
  async audit(): Promise<string> {
    return 'audit';
  },
  async second(): Promise<string> {
    return 'second';
  },
};
