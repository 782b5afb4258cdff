/** The Amplitude data regions and their Management API hosts (reference §1). */
export const REGION_BASE_URLS = {
  /** Standard (US) data center. */
  us: "https://experiment.amplitude.com",
  /** EU data residency. */
  eu: "https://experiment.eu.amplitude.com",
} as const;

/** An Amplitude data region. */
export type AmplitudeRegion = keyof typeof REGION_BASE_URLS;

/**
 * The base URL a client talks to: `serverUrl` when given (the emulator, a proxy), else the region's host.
 * @param region - the data region. @default "us"
 * @param serverUrl - an explicit base URL; wins over the region.
 * @throws TypeError when the region is unknown or the URL is not http(s).
 */
export function resolveBaseUrl(region: AmplitudeRegion = "us", serverUrl?: string): string {
  if (serverUrl !== undefined && serverUrl !== "") {
    const url = new URL(serverUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`serverUrl must be http(s), got ${url.protocol}`);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  const base = (REGION_BASE_URLS as Record<string, string>)[region];
  if (base === undefined) throw new TypeError(`unknown Amplitude region "${region}"; use "us" or "eu"`);
  return base;
}
