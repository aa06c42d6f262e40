/**
 * The one error catalogue (after fastify's FST_ERR_*): every error the hub raises has a code here,
 * with the HTTP status the API answers, the exit code the CLI ends with, whether a delivery that
 * failed with it may be tried again, and a fix written for the person reading it.
 * `test/unit/errors-catalogue.test.ts` keeps this table and `docs/errors.md` in step.
 */
export interface ErrorDefinition {
  /** HTTP status the API answers with. */
  status: number;
  /** Exit code of the `owh` command (sysexits-like: 64 usage, 65 data, 69 unavailable, 78 config). */
  exitCode: number;
  /** For delivery failures: may the hub try again later? */
  retryable: boolean;
  /** One line: what went wrong, in general. */
  title: string;
  /** What the reader can do about it. */
  fix: string;
}

const def = (status: number, exitCode: number, retryable: boolean, title: string, fix: string): ErrorDefinition => ({
  status,
  exitCode,
  retryable,
  title,
  fix,
});

export const errorCatalogue = {
  // --- intake --------------------------------------------------------------------------------
  OWH_JSON_MALFORMED: def(400, 65, false, 'The request body is not valid JSON.', 'Send a UTF-8 JSON document; check quotes, commas and brackets near the position given.'),
  OWH_CASE_INVALID: def(400, 65, false, 'The case does not match the case envelope or its item\'s e-form schema.', 'Correct each field named by its JSON pointer in `errors` and submit the case again under the same caseId.'),
  OWH_BODY_TOO_LARGE: def(413, 65, false, 'The request body is over the configured size limit.', 'Send large materials by URI instead of inline base64, or raise `intake.bodyLimit` in the configuration.'),
  OWH_ITEM_UNKNOWN: def(422, 65, false, 'The case names a service item the catalog does not have.', 'Check the item code (e.g. XK00101001) against `owh catalog list items`, or add the item to the catalog.'),
  OWH_JURISDICTION_UNKNOWN: def(422, 65, false, 'The case names a district code the hub does not know.', 'Use a current GB/T 2260 district code of the city (see `owh catalog list districts`).'),
  OWH_NO_ROUTE: def(422, 65, false, 'No department system handles this item for the case\'s jurisdiction.', 'Add a system instance for that district to the catalog, or mark the item as handled at city level.'),
  OWH_CASE_CONFLICT: def(409, 65, false, 'A different case was already accepted under this caseId.', 'A caseId names one case for ever: submit the new case under a new caseId, or resend the original body unchanged.'),
  OWH_MATERIAL_INVALID: def(400, 65, false, 'An inline material does not match its declared size or sha256.', 'Recompute size and sha256 over the decoded bytes, or send the material by URI.'),
  OWH_SUPPLEMENT_INVALID: def(400, 65, false, 'The supplement does not match schemas/supplement.schema.json, or reuses a material id of the case.', 'Fix each field the details name (JSON pointers into the body); give supplied materials ids new to the case.'),
  OWH_SUPPLEMENT_CONFLICT: def(409, 65, false, 'A different supplement was already received under this supplementId.', 'A supplementId names one supplement: send a new supplement under a new id, or resend the original body unchanged.'),
  OWH_SUPPLEMENT_NOT_REQUESTED: def(409, 65, false, 'No department of the case is waiting for more material (none asked, the last request was answered, or the case is decided).', 'Send a supplement only after a department\'s request for more material (the case shows `supplementRequests`).'),
  OWH_SHARING_INVALID: def(400, 65, false, 'The sharing-log entry does not match schemas/sharing-entry.schema.json, or names a system the catalog does not have.', 'Fix each field the details name (JSON pointers into the body); every lookup needs its legal basis.'),
  OWH_CASE_NOT_FOUND: def(404, 66, false, 'No case with this caseId is known to the hub.', 'Check the caseId; cases are only known once their submission was answered 202.'),
  // --- authentication ------------------------------------------------------------------------
  OWH_AUTH_REQUIRED: def(401, 77, false, 'The request has no valid credentials.', 'Send the client\'s API key in the `X-Api-Key` header (or `Authorization: Bearer <key>`).'),
  OWH_AUTH_FORBIDDEN: def(403, 77, false, 'These credentials may not do this.', 'A department system may post results only for cases delivered to it; use that system\'s own token.'),
  // --- results -------------------------------------------------------------------------------
  OWH_RESULT_INVALID: def(400, 65, false, 'The result does not match the result schema (after the system\'s result mapping).', 'Correct each field named by its JSON pointer in `errors`; see schemas/result.schema.json.'),
  OWH_RESULT_CONFLICT: def(409, 65, false, 'A different result of this kind was already recorded for this delivery.', 'Results are final once recorded; send the same result again only to repeat it.'),
  OWH_DELIVERY_NOT_FOUND: def(404, 66, false, 'No delivery with this id exists.', 'List deliveries with `owh cases show <caseId>` or `owh dlq list`.'),
  OWH_DELIVERY_NOT_DEAD: def(409, 65, false, 'Only dead-lettered deliveries can be resent.', 'The delivery is still being worked on or was already delivered; see `owh cases show <caseId>`.'),
  // --- configuration and catalog -------------------------------------------------------------
  OWH_CONFIG_INVALID: def(500, 78, false, 'The configuration file is not valid.', 'Correct the setting at the file, line and JSON pointer given; schemas/config.schema.json lists every setting.'),
  OWH_CONFIG_NOT_FOUND: def(500, 78, false, 'A configuration or catalog file could not be read.', 'Check the path, or pass `--config <file>`.'),
  OWH_SECRET_MISSING: def(500, 78, false, 'A secret named in the configuration is not set in the environment.', 'Export the environment variable named in the message before starting the hub.'),
  OWH_CATALOG_INVALID: def(500, 78, false, 'A catalog file (departments, systems, items, connectors, forms) is not valid.', 'Correct the entry at the file, line and JSON pointer given; schemas/catalog/ describes each file.'),
  OWH_MAPPING_INVALID: def(500, 78, false, 'A mapping spec is not valid.', 'Correct the rule at the file and JSON pointer given; docs/mapping.md describes the spec.'),
  OWH_ADAPTER_UNKNOWN: def(500, 78, false, 'A connector names an adapter kind that is not registered.', 'Use one of the kinds listed by `owh adapters list`, or register the plug-in adapter.'),
  // --- mapping and delivery (classified: retryable or permanent) ----------------------------
  OWH_MAPPING_FAILED: def(422, 65, false, 'The mapping could not turn this case into the system\'s format.', 'Fix the mapping or the code table named in the message, then `owh dlq retry` the delivery.'),
  OWH_MAPPING_FIXTURE_FAILED: def(500, 1, false, 'A mapping\'s output differs from its expected fixture.', 'Compare the differences shown; fix the mapping or update the expected output if the change is intended.'),
  OWH_SEND_TIMEOUT: def(504, 69, true, 'The department system did not answer in time.', 'Nothing to do: the hub retries with backoff. If it persists, check the system or raise the connector\'s timeout.'),
  OWH_SEND_NETWORK: def(502, 69, true, 'The department system could not be reached or dropped the connection.', 'The hub retries with backoff. Check the system is up and the connector\'s base URL.'),
  OWH_SEND_SERVER_ERROR: def(502, 69, true, 'The department system answered with a server error (5xx).', 'The hub retries with backoff; the department should check its system\'s logs.'),
  OWH_SEND_RATE_LIMITED: def(429, 69, true, 'The department system asked the hub to slow down (429).', 'The hub waits as long as Retry-After says; lower the connector\'s concurrency if it recurs.'),
  OWH_SEND_REJECTED: def(502, 65, false, 'The department system refused the request (4xx).', 'Read the department\'s answer kept on the delivery; fix the mapping or the case, then `owh dlq retry`.'),
  OWH_SEND_BAD_RESPONSE: def(502, 65, false, 'The department system\'s answer could not be read.', 'Check the connector\'s response mapping against what the system really answers.'),
  OWH_XML_UNSAFE: def(400, 65, false, 'XML from a department system was refused before parsing: it has a DOCTYPE or entity declaration, or is over the size limit.', 'Ask the department to send plain XML without a DOCTYPE; raise the connector\'s maxResponseBytes if the size is legitimate.'),
  OWH_OPERATION_UNKNOWN: def(502, 65, false, 'The connector has no such operation: the catalog sends it a message (an opinion, a supplement, a lookup) its settings do not say how to carry.', 'Add the operation under the connector\'s `operations` in systems.yaml (a path for REST, a WSDL operation for SOAP), then `owh dlq retry`.'),
  OWH_CONNECTOR_CLOSED: def(503, 69, true, 'The connector is closing or closed.', 'The delivery waits in the outbox and is sent when the connector is open again.'),
  // --- API and CLI ---------------------------------------------------------------------------
  OWH_NOT_FOUND: def(404, 66, false, 'There is no such resource.', 'See docs/api.md for the hub\'s routes.'),
  OWH_METHOD_NOT_ALLOWED: def(405, 64, false, 'This route does not take that method.', 'See docs/api.md for the methods each route takes.'),
  OWH_USAGE: def(400, 64, false, 'The command was called wrongly.', 'Run the command with --help.'),
  OWH_HUB_UNREACHABLE: def(503, 69, true, 'The hub could not be reached.', 'Start it with `owh serve` (or `npm start`) and check --url.'),
  OWH_INTERNAL: def(500, 70, true, 'An unexpected internal error.', 'Report it with the hub\'s log lines around the time given; nothing accepted has been lost.'),
} satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;
