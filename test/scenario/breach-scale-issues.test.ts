import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, runCli } from '../helpers/run-cli.ts';
import { fixture } from '../helpers/scenario-issues.ts';

/**
 * Located errors (exit 2) of the breach-scale fields: exponents outside (0, 1], an unknown
 * seriousness band, negative amounts, a data class that does not exist (with a suggestion), and
 * impossible combinations of the EDPB method. The offending line is quoted beside each message.
 */
describe('breach-scale fields: located errors', () => {
  it('lists every problem of a bad breach and regulation section with file, line, column and field', async () => {
    const file = fixture('bad/breach-scale-problems.yaml');
    const result = await runCli(['run', file, '--out', makeTempFolder(), '--trials', '10']);
    expectExit(result, 2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      // 7: "  notification_exponent: 1.5"
      `${file}:7:26: breach_costs.notification_exponent: expected an exponent above 0 and at most 1 (cost = a · n^b, b in (0, 1]; above 1 a person would cost more the more are notified), got 1.5`,
      // 8: "  credit_monitoring_exponent: 0"
      `${file}:8:31: breach_costs.credit_monitoring_exponent: expected an exponent above 0 and at most 1 (cost = a · n^b, b in (0, 1]), got 0`,
      // 9: "  card_reissue_per_card: -3"
      `${file}:9:26: breach_costs.card_reissue_per_card: expected a number ≥ 0, got -3`,
      // 11: "    payment_crad: { dist: constant, value: 5 }"
      `${file}:11:5: breach_costs.data_subject_costs.payment_crad: expected a known field (did you mean "payment_card"?), got unknown field "payment_crad"`,
      // 12: "    contact: { dist: constant, value: -2 }"
      `${file}:12:39: breach_costs.data_subject_costs.contact.value: expected an amount ≥ 0 per person (a data subject's own cost), got -2`,
      // 16: "    seriousness: hgih"
      `${file}:16:18: regulation.gdpr.seriousness: expected one of low, medium, high, got "hgih" (did you mean "high"?)`,
      // 17: "    fine: { dist: constant, value: 1000 }" beside method: edpb
      `${file}:17:11: regulation.gdpr.fine: expected no fine distribution with method: edpb (the EDPB method sizes the fine from the legal maximum), got one`,
      // 19: "      - { up_to: 10000000, min: 0.3, max: 0.02 }"
      `${file}:19:43: regulation.gdpr.turnover_tiers[0].max: expected a max of at least the tier's min (0.3), got 0.02`,
      // 20: "      - { up_to: 2000000, min: 0.002, max: 0.004 }"
      `${file}:20:18: regulation.gdpr.turnover_tiers[1].up_to: expected turnover tiers in rising order of up_to, got 2000000 after 10000000`,
      // 21: "  us_regulators: { action_probability: 1.2 }"
      `${file}:21:40: regulation.us_regulators.action_probability: expected a number from 0 to 1, got 1.2`,
      '10 problems found.',
    ]);
  });

  it('rejects an EDPB field under the flat method, which would ignore it', async () => {
    const file = fixture('bad/edpb-field-with-flat-method.yaml');
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    // 4: "    cooperation_adjustment: 0.8"
    expect(result.stderr.trim()).toBe(
      `${file}:4:29: regulation.gdpr.cooperation_adjustment: expected cooperation_adjustment only with method: edpb (the flat method draws the fine from \`fine\`), got it with method: flat (the default)`,
    );
  });
});
