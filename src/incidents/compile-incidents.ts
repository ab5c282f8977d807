import { hoursFromStart } from '../scenario/checks/check-calendar.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { compileInjection, compileRecurring } from './candidate-generator.ts';
import { compileDetails } from './compile-details.ts';
import type { IncidentGenerator } from './incident-generator.ts';
import { mitigationEffects } from './mitigation-effects.ts';
import { delaySampler, type CompiledTrigger } from './trigger-incidents.ts';

/** Everything the incident stage needs: a generator per definition and injection, and triggers. */
export interface CompiledIncidents {
  generators: IncidentGenerator[];
  /** Triggers by the name of the definition that fires them. */
  triggers: Map<string, CompiledTrigger[]>;
}

/**
 * Compiles the scenario's incident definitions and injections with the enabled mitigations.
 *
 * Definitions are indexed first, injections after them: that index breaks ties in time.
 */
export function compileIncidents(scenario: Scenario, seed: number, market: MarketModel | undefined): CompiledIncidents {
  const contextFor = (name: string) => ({ scenario, ...(market ? { market } : {}), effects: mitigationEffects(scenario.mitigations, name) });
  const generators: IncidentGenerator[] = [];
  const detailsByName = new Map<string, { index: number; draw: ReturnType<typeof compileDetails> }>();

  scenario.incidents.forEach((definition, index) => {
    const context = contextFor(definition.name);
    const draw = compileDetails(definition, context);
    detailsByName.set(definition.name, { index, draw });
    generators.push(compileRecurring(definition, index, seed, draw, context.effects.frequency, market?.demand));
  });
  scenario.inject.forEach((injection, i) => {
    const index = scenario.incidents.length + i;
    const draw = compileDetails(injection, contextFor(injection.name));
    generators.push(compileInjection(injection.name, index, hoursFromStart(scenario.start, injection.at), seed, draw));
  });

  const triggers = new Map<string, CompiledTrigger[]>();
  for (const definition of scenario.incidents) {
    const compiled = definition.triggers.flatMap((trigger) => {
      const target = detailsByName.get(trigger.incident);
      if (!target) return [];
      return [{ target: trigger.incident, targetIndex: target.index, probability: trigger.probability, delayHours: delaySampler(trigger.delay_hours), drawDetails: target.draw }];
    });
    if (compiled.length > 0) triggers.set(definition.name, compiled);
  }
  return { generators, triggers };
}
