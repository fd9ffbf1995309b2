import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';

import type { Logger } from '../logger';

export type DatabaseSource = 'MONGODB_URI' | 'running local server' | 'mongod' | 'ferretdb';

export interface DatabaseHandle {
  uri: string;
  source: DatabaseSource;
  /** Stops the server this module started; does nothing for a server it found running. */
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  mongodbUri?: string;
  /** Repository root: FerretDB's Go module and build cache live under it. */
  rootDir: string;
  /** Folder in which a started server keeps its files. */
  dataDir: string;
  /**
   * Port for a started server. Development uses a fixed port, so the app and `npm run import` share
   * one server; tests pass 0 for a free port and a throw-away dataDir.
   */
  port: number;
  logger: Logger;
}

export const FERRETDB_VERSION = 'v1.24.2';
export const DEV_DATABASE_PORT = 27027;

/**
 * Finds or starts the database. It tries MONGODB_URI first, then a MongoDB-compatible server
 * already listening on the development port, then a `mongod` on PATH, and last FerretDB built from
 * tools/ferretdb. When none works, the error lists every attempt.
 */
export async function startDatabase(options: StartDatabaseOptions): Promise<DatabaseHandle> {
  const { logger } = options;

  if (options.mongodbUri) {
    logger.info({ source: 'MONGODB_URI' }, 'Using the database from MONGODB_URI');
    return { uri: options.mongodbUri, source: 'MONGODB_URI', stop: async () => {} };
  }

  const attempts: string[] = ['MONGODB_URI: not set'];

  if (options.port !== 0) {
    const uri = `mongodb://127.0.0.1:${options.port}/`;
    if (await answersPing(uri, 1500)) {
      // Usually this clone's own development server, which the commands share. It may also be
      // another clone's, whose data lives in that clone's .data folder, so the line says how to
      // get a separate one.
      logger.info(
        { source: 'running local server', port: options.port },
        'Using the database already running on this port (set LOCAL_DATABASE_PORT to keep clones of the project apart)',
      );
      return { uri, source: 'running local server', stop: async () => {} };
    }
    attempts.push(`running local server: nothing answered on 127.0.0.1:${options.port}`);
  }

  mkdirSync(options.dataDir, { recursive: true });

  if (commandExists('mongod')) {
    try {
      const port = options.port || (await freePort());
      const handle = await startMongod(options.dataDir, port);
      logger.info({ source: 'mongod', port }, 'Started mongod from PATH');
      return handle;
    } catch (error) {
      attempts.push(`mongod on PATH: ${(error as Error).message}`);
    }
  } else {
    attempts.push('mongod: not found on PATH');
  }

  try {
    const binary = ensureFerretDb(options.rootDir, logger);
    const handle = await startFerretDb(binary, path.join(options.dataDir, 'ferretdb'), options.port);
    logger.info(
      { source: 'ferretdb', version: FERRETDB_VERSION, uri: handle.uri },
      'Started FerretDB (no MONGODB_URI and no mongod on PATH)',
    );
    return handle;
  } catch (error) {
    attempts.push(`FerretDB ${FERRETDB_VERSION}: ${(error as Error).message}`);
  }

  throw new Error(
    `No database is available. Tried:\n${attempts.map((line) => `  - ${line}`).join('\n')}\n` +
      'Fix one of them: set MONGODB_URI to a MongoDB server, put mongod on PATH, or install Go 1.24+ ' +
      'with access to the Go module proxy so FerretDB can be built.',
  );
}

/**
 * Builds the FerretDB binary once and returns its path. The file name carries a hash of the Go
 * sources, so a change to tools/ferretdb builds a new binary instead of reusing a stale one.
 */
export function ensureFerretDb(rootDir: string, logger?: Logger): string {
  const moduleDir = path.join(rootDir, 'tools', 'ferretdb');
  const sourceHash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    sourceHash.update(readFileSync(path.join(moduleDir, file)));
  }
  const binDir = path.join(rootDir, '.cache', 'ferretdb');
  const binary = path.join(binDir, `ferretdb-${FERRETDB_VERSION}-${sourceHash.digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return binary;

  if (!commandExists('go')) throw new Error('the go command is not on PATH, so FerretDB cannot be built');

  logger?.info(
    { version: FERRETDB_VERSION },
    'Building FerretDB from the Go module proxy (once; takes about a minute)',
  );
  mkdirSync(binDir, { recursive: true });

  // Build to a private name and rename, so parallel first runs never start a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  const result = spawnSync('go', ['build', '-trimpath', '-o', partial, '.'], {
    cwd: moduleDir,
    encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
  });
  if (result.status !== 0) {
    rmSync(partial, { force: true });
    const output = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`go build in tools/ferretdb failed:\n${output}`);
  }
  renameSync(partial, binary);
  return binary;
}

async function startFerretDb(binary: string, dataDir: string, port: number): Promise<DatabaseHandle> {
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-sqlite-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = collectOutput(child);

  const uri = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no ready line within 30 s; stderr: ${stderr()}`)), 30_000);
    lines.on('line', (line) => {
      const match = /^ready (mongodb:\/\/\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}: ${stderr()}`));
    });
  });

  return { uri, source: 'ferretdb', stop: () => stopChild(child) };
}

async function startMongod(dataDir: string, port: number): Promise<DatabaseHandle> {
  const dbPath = path.join(dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const child = spawn('mongod', ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr = collectOutput(child);
  const uri = `mongodb://127.0.0.1:${port}/`;

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}: ${stderr()}`);
    if (await answersPing(uri, 500)) return { uri, source: 'mongod', stop: () => stopChild(child) };
  }
  await stopChild(child);
  throw new Error('did not respond to a ping within 30 s');
}

async function answersPing(uri: string, timeoutMs: number): Promise<boolean> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: timeoutMs });
  try {
    await connection.asPromise();
    await connection.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => {});
  }
}

function commandExists(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function collectOutput(child: ChildProcess): () => string {
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  return () => output.trim();
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
