import type * as pulumi from "@pulumi/pulumi";

/**
 * The module a {@link DynamicShim} loads in the provider process. It is resolved by package name from the
 * program's directory, so the engine always runs the installed version, including for `read` and `delete`,
 * which run the provider text stored in state.
 * @internal
 */
export interface DynamicEntry {
  /** Takes the stack configuration the engine passes to the provider. Must finish synchronously. */
  configure(config: pulumi.dynamic.ConfigureRequest["config"]): void;
  /** The implementation for one resource kind. */
  provider(kind: string): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;
}

/**
 * The object Pulumi serializes into every dynamic resource's `__provider`.
 *
 * It holds two strings and forwards each call to the installed package, so the serialized text (about 4 KB:
 * Pulumi serializes the class with its methods and helpers) captures no client, limiter or credential, and an
 * upgrade of the package reaches resources that are already in state.
 * @internal
 */
export class DynamicShim implements pulumi.dynamic.ResourceProvider {
  /**
   * @param entry - module specifier of the {@link DynamicEntry}, e.g. `pulumi-feature-flags/dynamic`.
   * @param kind - which resource this shim serves, e.g. `amplitude:Flag`.
   */
  constructor(
    readonly entry: string,
    readonly kind: string,
  ) {}

  // Not async on purpose: the provider host may call other methods before a returned promise settles, so
  // the configuration must be stored before this function returns.
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    loadEntry(this.entry).configure(req.config);
    return Promise.resolve();
  }

  check(olds: any, news: any) {
    return loadEntry(this.entry).provider(this.kind).check(olds, news);
  }

  diff(id: string, olds: any, news: any) {
    return loadEntry(this.entry).provider(this.kind).diff(id, olds, news);
  }

  create(inputs: any) {
    return loadEntry(this.entry).provider(this.kind).create(inputs);
  }

  read(id: string, props?: any) {
    return loadEntry(this.entry).provider(this.kind).read(id, props);
  }

  update(id: string, olds: any, news: any) {
    return loadEntry(this.entry).provider(this.kind).update(id, olds, news);
  }

  delete(id: string, props: any) {
    return loadEntry(this.entry).provider(this.kind).delete(id, props);
  }
}

// `require` inside a function is evaluated in the provider process at call time and never captured.
function loadEntry(entry: string): DynamicEntry {
  return require(entry) as DynamicEntry;
}
