/**
 * Prometheus metrics (prom-client) served at GET /metrics: asks by status and their latency, the
 * admission queue, refusals by reason, buffered WebSocket bytes, plus Node's defaults (event-loop
 * lag, heap, RSS). One registry per app, so that several apps in one process (tests) do not clash.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { RequestHandler } from 'express'
import type { AskOutcome } from './ask.ts'
import type { ErrorCode } from '../errors.ts'
import { bearerMatches } from './admin-auth.ts'
import { sendError } from './rest.ts'

export interface Metrics {
  registry: Registry
  /** One finished ask: `answered`, `no_match`, `uncertain` or its error code. */
  ask(outcome: AskOutcome, seconds: number): void
  /** A refusal before the engine (rate limit, invalid frame, origin, host, overload…). */
  refused(reason: ErrorCode | string): void
  /** Gauges read at scrape time. */
  gauges(read: { queued: () => number; running: () => number; sockets: () => number; bufferedBytes: () => number }): void
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const asks = new Counter({
    name: 'sourcier_asks_total',
    help: 'Asks by outcome status or error code',
    labelNames: ['status'],
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'sourcier_ask_duration_seconds',
    help: 'Time from an ask reaching the queue to its outcome, queue wait included',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const refusals = new Counter({
    name: 'sourcier_refusals_total',
    help: 'Requests, frames and connections refused, by reason',
    labelNames: ['reason'],
    registers: [registry],
  })
  return {
    registry,
    ask(outcome, seconds) {
      asks.inc({ status: outcome.ok ? outcome.body.status : outcome.code })
      if (outcome.ok) latency.observe(seconds)
      else refusals.inc({ reason: outcome.code })
    },
    refused(reason) {
      refusals.inc({ reason })
    },
    gauges(read) {
      const gauge = (name: string, help: string, value: () => number) =>
        new Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(value())
          },
        })
      gauge('sourcier_queue_depth', 'Asks waiting for the engine', read.queued)
      gauge('sourcier_asks_running', 'Asks the engine is answering', read.running)
      gauge('sourcier_websocket_connections', 'Open WebSocket connections', read.sockets)
      gauge('sourcier_websocket_buffered_bytes', 'Bytes sent to WebSocket peers and not yet read by them', read.bufferedBytes)
    },
  }
}

/** GET /metrics, behind `Authorization: Bearer <token>` when a token is set (404 otherwise, as if absent). */
export function metricsHandler(metrics: Metrics, token: string): RequestHandler {
  return async (req, res) => {
    // The staff check's comparison: constant time in the guess (a plain !== leaks the matching prefix).
    if (token && !bearerMatches(req.headers.authorization, token)) return sendError(res, 'not_found')
    res.setHeader('Content-Type', metrics.registry.contentType)
    res.setHeader('Cache-Control', 'no-store')
    res.end(await metrics.registry.metrics())
  }
}
