import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | null = null;

/**
 * Event-loop delay, memory, CPU, handles and GC: facts about the process, not about one app.
 * Collected once per process (tests start many apps in one process, and every collection
 * installs its own event-loop monitor and GC observer that are never removed).
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}
