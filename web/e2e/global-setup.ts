import { existsSync } from 'node:fs';
import { serverBinary, webDir } from './server';
import { makeSpeechFile } from './speech';
import { camera720File, makeCameraFile } from './video';

// A missing part fails the run with what to do, never skips it.
export default function globalSetup() {
  const chromium = process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium';
  const problems: string[] = [];
  if (!existsSync(chromium)) problems.push(`no browser at ${chromium}: run ../scripts/ensure-system-packages (Debian's chromium)`);
  if (!existsSync(serverBinary)) problems.push(`no server binary at ${serverBinary}: run cargo build --bin woxly`);
  if (!existsSync(`${webDir}/index.html`)) problems.push(`the web client is not built in ${webDir}: run npm run build`);
  if (problems.length > 0) throw new Error(`The end-to-end tests cannot run:\n- ${problems.join('\n- ')}`);
  makeSpeechFile();
  makeCameraFile();
  // Ten frames looped: the picture does not change, and 720p frames are large.
  makeCameraFile(camera720File, [1280, 720], 10);
}
