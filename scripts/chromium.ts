import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium launched for the browser tests and the page benchmark: headless, software WebGL
 * (SwiftShader), no traffic of its own (this machine's network is closed), a fresh profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
