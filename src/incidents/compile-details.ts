import type { IncidentDefinition, InjectionDefinition } from '../scenario/schema/incident-schema.ts';
import { compileBugDetails } from './bug-details.ts';
import { compileDataExposureDetails } from './data-exposure-details.ts';
import type { DetailsContext, DrawDetails } from './details-context.ts';
import { compileLossEventDetails } from './loss-event-details.ts';
import { compileOutageDetails } from './outage-details.ts';
import { compileSellerMisconductDetails } from './seller-misconduct-details.ts';

/** Compiles how one incident definition or injection draws its details, by type. */
export function compileDetails(definition: IncidentDefinition | InjectionDefinition, context: DetailsContext): DrawDetails {
  switch (definition.type) {
    case 'outage':
    case 'third_party_outage':
      return compileOutageDetails(definition, context);
    case 'bug':
      return compileBugDetails(definition, context);
    case 'breach':
    case 'data_mishandling':
      return compileDataExposureDetails(definition, context);
    case 'seller_misconduct':
      return compileSellerMisconductDetails(definition, context);
    case 'loss_event':
      return compileLossEventDetails(definition, context);
  }
}
