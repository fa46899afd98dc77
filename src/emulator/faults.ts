import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendAccessDenied, sendFilesError, sendJson, sendS3Error } from './http.ts';
import { holdingBody } from './body-clock.ts';

/**
 * Fault injection: the next `times` calls of one operation (named by its operationId in the spec) answer an error
 * status with the body the real service would send for it, wait `delayMs` first, or lose their connection. Faults
 * are used up in the order they were armed.
 */

/** What to arm, over HTTP (`POST /_emulator/faults`), from code (`emulator.faults.arm`) or with `--fault`. */
export interface FaultSpec {
  /** An operationId of the spec, e.g. `publishFileMessage`, `uploadFile`, `downloadFile`. */
  operation: string;
  /** Answer this HTTP status (400–599) with the operation's own error body. */
  status?: number;
  /** How many calls it applies to. Default 1. */
  times?: number;
  /** Wait this long before answering (with `status`, or normally without one). At most 600,000 ms. */
  delayMs?: number;
  /** Drop the connection without an answer. */
  reset?: boolean;
}

export interface ArmedFault {
  id: number;
  operation: string;
  status?: number;
  delayMs?: number;
  reset?: boolean;
  /** Calls it will still apply to. */
  remaining: number;
}

export class FaultSpecError extends TypeError {
  override readonly name = 'FaultSpecError';
}

const MAX_DELAY_MS = 600_000;
const MAX_TIMES = 1_000_000;
const FIELDS = new Set(['operation', 'status', 'times', 'delayMs', 'reset']);
const EXAMPLE = '{"operation":"publishFileMessage","status":500,"times":5}';

/** Checks a fault as it arrives (JSON from anyone); the message says what is wrong and what is expected. */
export function parseFaultSpec(
  value: unknown,
  operations: readonly string[],
): Required<Pick<FaultSpec, 'operation' | 'times'>> & FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FaultSpecError(`a fault is a JSON object such as ${EXAMPLE}`);
  const record = value as Record<string, unknown>;
  const unknownField = Object.keys(record).find((key) => !FIELDS.has(key));
  if (unknownField !== undefined)
    throw new FaultSpecError(
      `unknown fault field '${unknownField}': expected operation, status, times, delayMs, reset`,
    );
  const { operation, status, times = 1, delayMs, reset } = record;
  if (typeof operation !== 'string' || !operations.includes(operation)) {
    throw new FaultSpecError(
      `unknown operation ${JSON.stringify(operation)}: expected an operationId of the spec, one of ${operations.join(', ')}`,
    );
  }
  if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
    throw new FaultSpecError(`status must be an HTTP error status from 400 to 599, not ${JSON.stringify(status)}`);
  }
  if (!(Number.isInteger(times) && (times as number) >= 1 && (times as number) <= MAX_TIMES)) {
    throw new FaultSpecError(`times must be a whole number from 1 to ${MAX_TIMES}, not ${JSON.stringify(times)}`);
  }
  if (
    delayMs !== undefined &&
    !(Number.isInteger(delayMs) && (delayMs as number) >= 0 && (delayMs as number) <= MAX_DELAY_MS)
  ) {
    throw new FaultSpecError(
      `delayMs must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, not ${JSON.stringify(delayMs)}`,
    );
  }
  if (reset !== undefined && typeof reset !== 'boolean')
    throw new FaultSpecError(`reset must be true or false, not ${JSON.stringify(reset)}`);
  if (reset === true && status !== undefined)
    throw new FaultSpecError('a fault either answers a status or resets the connection, not both');
  if (status === undefined && delayMs === undefined && reset !== true)
    throw new FaultSpecError('a fault needs a status, a delayMs or reset: true');
  return {
    operation,
    times: times as number,
    ...(status === undefined ? {} : { status: status as number }),
    ...(delayMs === undefined ? {} : { delayMs: delayMs as number }),
    ...(reset === true ? { reset: true } : {}),
  };
}

export class Faults {
  private readonly armed: ArmedFault[] = [];
  private readonly sleeping = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private closed = false;

  constructor(
    /** The operationIds a fault may name. */
    readonly operations: readonly string[],
  ) {}

  /** Calls `listener` whenever a fault is armed, used or cleared; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Arms a fault; throws a FaultSpecError naming the problem when `spec` is not a valid one. */
  arm(spec: FaultSpec): ArmedFault {
    const { times, ...parsed } = parseFaultSpec(spec, this.operations);
    const fault: ArmedFault = { id: this.nextId++, ...parsed, remaining: times };
    this.armed.push(fault);
    this.changed();
    return { ...fault };
  }

  list(): ArmedFault[] {
    return this.armed.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.armed.length = 0;
    this.changed();
  }

  /**
   * Applies the first armed fault for `operation`, if any, to this call. True when the call is answered (or its
   * connection dropped); false when it should go on, after the fault's delay if it had one.
   */
  async inject(
    operation: string,
    req: IncomingMessage,
    res: ServerResponse,
    currentTimetoken: () => string,
  ): Promise<boolean> {
    const index = this.armed.findIndex((f) => f.operation === operation);
    const fault = this.armed[index];
    if (fault === undefined) return false;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.armed.splice(index, 1);
    this.changed();
    const { delayMs } = fault;
    if (delayMs !== undefined) await holdingBody(req, () => this.sleep(delayMs));
    if (this.closed || fault.reset === true) {
      req.socket.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    req.resume();
    sendFaultAnswer(res, operation, fault.status, currentTimetoken);
    return true;
  }

  /** Ends every delay at once (their calls lose their connection), so the server can close without waiting. */
  close(): void {
    this.closed = true;
    for (const wake of [...this.sleeping]) wake();
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping.add(wake);
    });
  }
}

/** The error body the real service sends for this operation and status (docs/protocol.md A1, A2). */
function sendFaultAnswer(res: ServerResponse, operation: string, status: number, currentTimetoken: () => string): void {
  const reason = `${STATUS_CODES[status] ?? 'Error'} (a fault armed in the emulator)`;
  if (operation === 'uploadFile' || operation === 'downloadFile') {
    return sendS3Error(res, status, {
      code: S3_CODES[status] ?? (status < 500 ? 'InvalidRequest' : 'InternalError'),
      message: reason,
    });
  }
  if (status === 403) return sendAccessDenied(res, reason);
  if (operation === 'publishFileMessage' && status < 500) {
    const text = JSON.stringify([0, reason, currentTimetoken()]);
    res.writeHead(status, {
      'Content-Type': 'text/javascript; charset="UTF-8"',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  if (operation === 'subscribe')
    return sendJson(res, status, { status, error: true, service: 'Balancer', message: reason });
  sendFilesError(res, status, reason);
}

const S3_CODES: Record<number, string> = {
  400: 'InvalidArgument',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  500: 'InternalError',
  503: 'SlowDown',
};
