/*
 * The schedule the C tests quote against: small enough to compute every
 * amount by hand.
 *
 * - base rates: 6109.10.00 (cotton T-shirts) 16.5% ad valorem; 0406.10.10
 *   (fresh cheese) $1.035/kg, a specific rate that needs a kg quantity;
 *   8517.62.00 with the unparsable rate "banana" (an invalid-rate case).
 * - one additional duty: 20% on origin CN from 2025-03-04 (heading 9903.01.24).
 * - a measure that only applies to postal entries (5% on CN, heading
 *   9903.01.64): listed as excluded for any other mode.
 * - an exemption: the claim TESTCLAIM removes the 20% CN duty.
 * - MPF: 0.3464% of the value, at least $32.71, at most $634.62.
 *
 * The rates are the 2025 HTS figures for these lines and the FY2025 MPF
 * bounds (89 FR 57462); the rest is made up for the tests.
 */
#ifndef TARIFFS_TEST_FIXTURE_H
#define TARIFFS_TEST_FIXTURE_H

static const char FIXTURE_JSON[] =
    "{\"format\": \"tariffs-schedule/1\",\n"
    " \"version\": {\"name\": \"c-test\", \"hts_revision\": \"2025 basic (subset)\",\n"
    "             \"policy_date\": \"2025-06-01\", \"notes\": \"C test fixture\"},\n"
    " \"importers\": [{\n"
    "  \"country\": \"US\", \"currency\": \"USD\",\n"
    "  \"base\": {\"source\": \"test lines\", \"lines\": [\n"
    "    {\"code\": \"6109.10.00\", \"general\": \"16.5%\", \"other\": \"90%\", \"from\": \"2025-01-01\"},\n"
    "    {\"code\": \"0406.10.10\", \"general\": \"$1.035/kg\", \"other\": \"$1.10/kg\", \"from\": \"2025-01-01\"},\n"
    "    {\"code\": \"8517.62.00\", \"general\": \"banana\", \"from\": \"2025-01-01\"}]},\n"
    "  \"measures\": [\n"
    "    {\"id\": \"cn-20\", \"authority\": \"ieepa_fentanyl\", \"heading\": \"9903.01.24\",\n"
    "     \"description\": \"additional 20% on products of China\", \"rate\": \"20%\",\n"
    "     \"origins\": {\"include\": [\"CN\"]}, \"from\": \"2025-03-04\", \"source\": \"EO 14228\"},\n"
    "    {\"id\": \"cn-postal\", \"authority\": \"test_postal\", \"heading\": \"9903.01.64\",\n"
    "     \"description\": \"5% on Chinese postal items\", \"rate\": \"5%\",\n"
    "     \"origins\": {\"include\": [\"CN\"]}, \"from\": \"2025-03-04\",\n"
    "     \"conditions\": {\"modes\": [\"postal\"]}, \"source\": \"test\"}],\n"
    "  \"exemptions\": [\n"
    "    {\"id\": \"claim-x\", \"authority\": \"test_claim\", \"heading\": \"9903.99.99\",\n"
    "     \"description\": \"the claim TESTCLAIM removes the CN duty\",\n"
    "     \"origins\": {\"include\": [\"CN\"]}, \"from\": \"2025-01-01\",\n"
    "     \"conditions\": {\"claims\": [\"TESTCLAIM\"]},\n"
    "     \"removes\": [\"authority:ieepa_fentanyl\"], \"source\": \"test\"}],\n"
    "  \"fees\": [\n"
    "    {\"id\": \"mpf\", \"authority\": \"mpf\", \"heading\": \"19 CFR 24.23\",\n"
    "     \"description\": \"merchandise processing fee\",\n"
    "     \"percent\": \"0.3464\", \"minimum\": \"32.71\", \"maximum\": \"634.62\",\n"
    "     \"from\": \"2024-10-01\", \"source\": \"89 FR 57462\"}]\n"
    " }]\n"
    "}\n";

#endif
