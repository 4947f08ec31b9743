import { FORM_TYPE_PARAMETERS_RULE, JSON_SUFFIX_TYPE_RULE, JSON_UNDER_FORM_TYPE_RULE } from '../../contracts/exchange.ts';
import { FORWARDED_HOST } from '../../contracts/schemas.ts';
import { FORM_CONTENT_TYPE } from '../_internals/formCase.ts';
import { CLIENT_PROFILES, profileWords } from '../clientProfiles.ts';
import { encodeForm } from '../encodeForm.ts';
import { textExpectation } from '../unicodeText.ts';
import { fieldsRecord, fieldsToParams, REQUIRED_FIELDS, type RequestFields } from '../validFields.ts';
import { type CoverageRow, requestRow, SRC } from './row.ts';

const NEW_SID = 'OpenAPI: sid is the unique string that identifies the resource; nothing documents uniqueness of FriendlyName or idempotency';

/** Charset labels a client may put on a form body (Java's UrlEncodedFormEntity says ISO-8859-1): the body is still UTF-8. */
export const LABELLED_CHARSETS = ['ISO-8859-1', 'windows-1252', 'Shift_JIS'] as const;

/** Non-ASCII values whose UTF-8 bytes read as other characters in each of LABELLED_CHARSETS. */
export const LABELLED_TEXT = { FriendlyName: 'Café Zürich 東京', Email: 'josé@example.com' } as const;

/** A browser's Accept (Chrome, Firefox): HTML and XML first, application/json only through the wildcard. */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** An Accept that takes application/json in another charset than UTF-8: the answer is UTF-8 all the same (RFC 8259 §8.1). */
export const WIDE_ACCEPT = 'application/json;charset=UTF-16';

/** Accept headers real clients send, each taking application/json: [value, who sends it]. */
const ACCEPTS: ReadonlyArray<readonly [accept: string, client: string]> = [
  ['*/*', 'curl, fetch, Python requests'],
  ['application/json, text/plain, */*', 'axios'],
  ['application/json; charset=utf-8', 'a media type with a parameter'],
  [BROWSER_ACCEPT, 'a browser, XML ranked above */*'],
  [WIDE_ACCEPT, 'a client naming another charset'],
];

/**
 * The form Content-Type with parameters standards.md does not name, each still the form (RFC 9110
 * §5.6.6: parameters = *( OWS ";" OWS [ parameter ] )): a strict parser (media-typer 0.3, under
 * Express's body-parser) reads none of them as a form and leaves the body unread.
 */
export const FORM_TYPE_SPELLINGS: ReadonlyArray<readonly [type: string, what: string]> = [
  [`${FORM_CONTENT_TYPE};`, 'a trailing ; (an empty parameter)'],
  [`${FORM_CONTENT_TYPE}; charset=utf-8;`, 'a charset and a trailing ;'],
  [`${FORM_CONTENT_TYPE}; charset=utf-8; boundary=x`, 'a parameter the form type does not define'],
  [`${FORM_CONTENT_TYPE} ; charset=UTF-8`, 'whitespace before the ;'],
];

/** The line breaks a text file ends in: [the raw bytes, in words]. */
const RAW_LINE_ENDS: ReadonlyArray<readonly [end: string, what: string]> = [
  ['\n', 'LF'],
  ['\r\n', 'CR LF'],
];

/** User-Agents real clients send: [value, who sends it]. The create is the same whoever sends it. */
const AGENTS: ReadonlyArray<readonly [agent: string, client: string]> = [
  ['curl/8.5.0', "curl, the seed's own example"],
  ['python-requests/2.31.0', 'Python requests'],
  ['twilio-node/5.0.0 (linux x64) node/v20.11.0', "Twilio's helper libraries"],
];

/** A multipart/form-data body of the fields, as curl -F writes it, under `boundary`. */
export function multipartBody(fields: RequestFields, boundary: string): string {
  const parts = fieldsToParams(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return `${parts.join('')}--${boundary}--\r\n`;
}

/** Whole requests: repeats, two Emails differing only in case, an empty body, empty pairs, the Content-Type written other ways, a name in the wrong case. */
export function requestRows(base: RequestFields): CoverageRow[] {
  const twice: RequestFields = { ...base, FriendlyName: 'Coverage Twice Corp', Email: 'twice@example.com' };
  const shared = (email: string): RequestFields => ({ ...base, FriendlyName: 'Coverage Shared Name', Email: email });
  const casing = (email: string): RequestFields => ({ ...base, FriendlyName: 'Coverage Email Casing', Email: email });
  const params = fieldsToParams(base);
  const lowerEmail = params.map(([n, v]): [string, string] => [n === 'Email' ? 'email' : n, v]);
  return [
    requestRow(base, { shown: 'the same valid request, first time', expect: 'create', rule: 'create.new-resource', source: NEW_SID, label: 'the same valid request twice (1st)', fields: twice }),
    requestRow(base, { shown: 'the same valid request, second time', expect: 'create', rule: 'create.new-resource', source: NEW_SID, label: 'the same valid request twice (2nd)', fields: twice }),
    requestRow(base, { shown: 'FriendlyName shared with another request (1st)', expect: 'create', rule: 'create.new-resource', source: NEW_SID, label: 'two requests sharing a FriendlyName (1st)', fields: shared('first@example.com') }),
    requestRow(base, { shown: 'FriendlyName shared with another request (2nd)', expect: 'create', rule: 'create.new-resource', source: NEW_SID, label: 'two requests sharing a FriendlyName (2nd)', fields: shared('second@example.com') }),
    // a table of contacts keyed by email without regard to case (CITEXT UNIQUE) answers the second with the first's casing
    requestRow(base, { parameter: 'Email', shown: '"Casing.Check@Example.com", then the same address in lower case', expect: 'create', rule: 'Email.case-kept', source: SRC.echo, label: 'two Emails differing only in case (1st)', fields: casing('Casing.Check@Example.com') }),
    requestRow(base, { parameter: 'Email', shown: '"casing.check@example.com", after the same address in mixed case', expect: 'create', rule: 'Email.case-kept', source: SRC.echo, label: 'two Emails differing only in case (2nd)', fields: casing('casing.check@example.com') }),
    requestRow(base, {
      shown: 'an empty body',
      expect: 'reject',
      rule: 'body.empty',
      source: SRC.missing,
      label: 'an empty body',
      fields: {} as RequestFields,
      body: '',
      missing: [...REQUIRED_FIELDS],
    }),
    requestRow(base, {
      shown: '&& between pairs and a trailing &',
      expect: 'create',
      rule: 'form.empty-sequences',
      source: 'WHATWG URL form parser: empty sequences are skipped',
      label: 'empty sequences (&& and a trailing &)',
      body: `&${params.map(([n, v]) => encodeForm([[n, v]])).join('&&')}&`,
    }),
    // a body read from a file (curl --data-binary @params.txt) ends in the file's last line break, raw: the last value ends in it
    ...RAW_LINE_ENDS.map(([end, what]) => {
      const name = `Coverage Raw Line End ${what}${end}`;
      const rest = params.filter(([n]) => n !== 'FriendlyName');
      return requestRow(base, {
        parameter: 'FriendlyName',
        shown: `the body ending in a raw ${what} (FriendlyName last: its value ends in it)`,
        // a line break is a control: created and echoed with it, or refused (textExpectation, as the Unicode rows); never cut
        expect: textExpectation(name),
        rule: 'echo.exact',
        source: `${SRC.form}; ${SRC.unicodeEdge}`,
        label: `a body ending in a raw ${what}, as curl --data-binary @file sends a file's last line`,
        fields: { ...base, FriendlyName: name },
        body: `${encodeForm(rest)}&${encodeForm([['FriendlyName', name.slice(0, -end.length)]])}${end}`,
      });
    }),
    requestRow(base, {
      shown: 'no Content-Type header',
      expect: 'either',
      rule: 'body.content-type',
      source: 'RFC 9110 §8.3: without a Content-Type a recipient may assume octet-stream or sniff; never a 5xx',
      label: 'a form body with no Content-Type',
      contentType: null,
    }),
    requestRow(base, {
      shown: 'Content-Type: Application/X-WWW-Form-Urlencoded',
      expect: 'create',
      rule: 'body.content-type',
      source: 'RFC 9110 §8.3.1: type and subtype are case-insensitive',
      label: 'Content-Type Application/X-WWW-Form-Urlencoded',
      contentType: 'Application/X-WWW-Form-Urlencoded',
    }),
    requestRow(base, {
      shown: `Content-Type: ${FORM_CONTENT_TYPE}; charset=UTF-8`,
      expect: 'create',
      rule: 'body.content-type',
      source: 'RFC 9110 §8.3.1: the same media type with a charset parameter',
      label: `Content-Type ${FORM_CONTENT_TYPE}; charset=UTF-8`,
      contentType: `${FORM_CONTENT_TYPE}; charset=UTF-8`,
    }),
    ...FORM_TYPE_SPELLINGS.map(([type, what]) =>
      requestRow(base, {
        shown: `Content-Type: ${type}`,
        expect: 'either',
        rule: FORM_TYPE_PARAMETERS_RULE,
        source:
          'RFC 9110 §5.6.6 and §8.3.1: parameters = *( OWS ";" OWS [ parameter ] ), the same media type; standards.md names only the charset parameter, so a refusal breaks a SHOULD (extra-params.ignored), never a MUST; never a 5xx',
        label: `Content-Type ${type} (${what})`,
        contentType: type,
      }),
    ),
    // the WHATWG form parser takes no charset: the bytes are UTF-8 whatever the label says
    ...LABELLED_CHARSETS.map((charset) =>
      requestRow(base, {
        shown: `Content-Type: ${FORM_CONTENT_TYPE}; charset=${charset}, the values UTF-8 (${LABELLED_TEXT.FriendlyName})`,
        expect: 'either',
        rule: 'body.charset-label',
        source:
          'standards.md Form bodies (WHATWG parser): the bytes are percent-decoded, then decoded as UTF-8, whatever the label; standards.md Unicode: the echo is that reading. Nothing documents a refusal of another label either way: a 4xx is allowed',
        label: `a form body labelled charset=${charset}, its non-ASCII values UTF-8`,
        fields: { ...base, ...LABELLED_TEXT },
        contentType: `${FORM_CONTENT_TYPE}; charset=${charset}`,
      }),
    ),
    requestRow(base, {
      shown: 'email= instead of Email=',
      expect: 'reject',
      rule: 'Email.required',
      source: SRC.missing,
      label: 'email (lower case) sent instead of Email',
      fields: { ...base, Email: undefined } as unknown as RequestFields,
      body: encodeForm(lowerEmail),
      missing: ['Email'],
    }),
    requestRow(base, {
      shown: `X-Forwarded-Host: ${FORWARDED_HOST}, X-Forwarded-Proto: http, Forwarded: host=${FORWARDED_HOST};proto=http`,
      expect: 'create',
      rule: 'url.public-base',
      source: "twilio-behaviour.md: url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid> and the links under it, whatever the client's headers",
      label: "a valid create sent with a proxy's headers (X-Forwarded-Host, X-Forwarded-Proto, Forwarded)",
      headers: { 'x-forwarded-host': FORWARDED_HOST, 'x-forwarded-proto': 'http', forwarded: `host=${FORWARDED_HOST};proto=http` },
    }),
    // the scheme alone: whichever the target's is, one of the two rows names the other (resource.url compares origins)
    requestRow(base, {
      shown: 'X-Forwarded-Proto: https, Forwarded: proto=https',
      expect: 'create',
      rule: 'url.public-base',
      source: "twilio-behaviour.md: url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid> and the links under it, whatever the client's headers",
      label: "a valid create sent with a proxy's scheme header alone (X-Forwarded-Proto: https)",
      headers: { 'x-forwarded-proto': 'https', forwarded: 'proto=https' },
    }),
    // the Accept headers real clients send (curl, fetch and Python requests */*; axios; a charset parameter; a browser) all take application/json
    ...ACCEPTS.map(([accept, client]) =>
      requestRow(base, {
        shown: `Accept: ${accept}`,
        expect: 'create',
        rule: 'request.accept',
        source:
          "create-customer-profile.txt: a POST with the required fields creates (201), and its example is curl, which sends Accept: */*; OpenAPI: the answers are application/json, which RFC 9110 §12.5.1 says each of these Accept values takes; standards.md: JSON is UTF-8 (RFC 8259 §8.1), whatever charset the Accept names",
        label: `a valid create sent with Accept: ${accept} (${client})`,
        headers: { accept },
      }),
    ),
    // who sends it changes nothing: curl's, Python requests' and the helper libraries' User-Agents all create
    ...AGENTS.map(([agent, client]) =>
      requestRow(base, {
        shown: `User-Agent: ${agent}`,
        expect: 'create',
        rule: 'request.user-agent',
        source: 'create-customer-profile.txt: a POST with the required fields creates (201), and its example is curl; nothing in the reference makes the answer depend on the User-Agent',
        label: `a valid create sent with User-Agent: ${agent} (${client})`,
        headers: { 'user-agent': agent },
      }),
    ),
    // the headers browsers, SDKs, proxies and CDNs add (Origin, Cookie, Accept-Encoding, Accept-Charset, Accept-Language, X-Forwarded-For lists): the same create
    ...CLIENT_PROFILES.map((profile) =>
      requestRow(base, {
        shown: Object.entries(profile.headers)
          .map(([n, v]) => `${n}: ${v}`)
          .join('; '),
        expect: 'create',
        rule: 'request.client-profile',
        source:
          "create-customer-profile.txt: a POST with the required fields creates (201); twilio-behaviour.md: fields are what the request sent, dates ISO 8601 in GMT, twilio-node (axios) sends Accept-Encoding; standards.md: JSON is UTF-8 (RFC 8259 §8.1); nothing in the reference makes the answer depend on these headers",
        label: `a valid create sent as ${profileWords(profile)}`,
        headers: profile.headers,
      }),
    ),
    // curl asks for 100 Continue before a larger body (.NET before every POST): the server answers 100, or the request's own answer
    requestRow(base, {
      shown: 'Expect: 100-continue',
      expect: 'create',
      rule: 'request.expect-continue',
      source:
        'create-customer-profile.txt: a POST with the required fields creates (201), and its example is curl, which sends Expect: 100-continue with larger bodies; RFC 9110 §10.1.1: a server that receives 100-continue sends 100 Continue or the final answer of the request',
      label: 'a valid create sent with Expect: 100-continue (curl with a larger body, .NET)',
      headers: { expect: '100-continue' },
    }),
    // a body streamed (curl -T -, Node's http.request with write(), a proxy that re-chunks): the same form, framed otherwise; a server may ask for a length (411), never call a sent parameter missing
    requestRow(base, {
      shown: 'Transfer-Encoding: chunked',
      expect: 'either',
      rule: 'request.chunked',
      source:
        "create-customer-profile.txt: a POST with the required fields creates (201); standards.md HTTP semantics (RFC 9110 §6.4: the content is the body, whatever its framing; §15.5.12: a server may refuse a body without a length with 411); twilio-behaviour.md: 'Missing required parameter' (20001) is for a parameter the body lacks",
      label: 'a valid create whose body is sent chunked (Transfer-Encoding: chunked, no Content-Length: curl -T -, a streaming client)',
      headers: { 'transfer-encoding': 'chunked' },
    }),
    // a body the API does not read (twilio-behaviour.md: only form bodies are read): a 4xx envelope, or a create if it reads it right; never a 5xx
    ...([
      ['multipart/form-data; boundary=trusthub-conformance', multipartBody(base, 'trusthub-conformance'), 'a multipart/form-data body (curl -F, Postman form-data)'],
      ['multipart/form-data', undefined, 'a form body labelled multipart/form-data with no boundary (the type set by hand)'],
    ] as const).map(([type, body, what]) =>
      requestRow(base, {
        shown: `Content-Type: ${type}`,
        expect: 'either',
        rule: 'body.content-type',
        source:
          "twilio-behaviour.md: request bodies are application/x-www-form-urlencoded, another body is not read; Errors: every error body is the envelope; standards.md Form bodies: a server may refuse what it cannot read with a 4xx, never a 5xx",
        label: `${what}`,
        contentType: type,
        ...(body === undefined ? {} : { body }),
      }),
    ),
    // an error asked for in another language still carries the documented English message
    requestRow(base, {
      shown: 'Accept-Language: de-DE, FriendlyName missing',
      expect: 'reject',
      rule: 'FriendlyName.required',
      source: `${SRC.missing}; the message is fixed text, whatever language the request asks for`,
      label: 'FriendlyName missing, the error asked for in German (Accept-Language: de-DE,de;q=0.9)',
      fields: { ...base, FriendlyName: undefined } as unknown as RequestFields,
      missing: ['FriendlyName'],
      headers: { 'accept-language': 'de-DE,de;q=0.9' },
    }),
    // an error asked for by a browser (HTML and XML first) is still the JSON envelope
    requestRow(base, {
      shown: `Accept: ${BROWSER_ACCEPT}, FriendlyName missing`,
      expect: 'reject',
      rule: 'FriendlyName.required',
      source: `${SRC.missing}; twilio-behaviour.md Errors: every error body is the JSON envelope, whatever Accept the request sends (RFC 9110 §12.5.1: the wildcard takes it)`,
      label: "FriendlyName missing, the error asked for by a browser (Accept: text/html,…,application/xml;q=0.9,*/*;q=0.8)",
      fields: { ...base, FriendlyName: undefined } as unknown as RequestFields,
      missing: ['FriendlyName'],
      headers: { accept: BROWSER_ACCEPT },
    }),
    // names are compared exactly: a qs-style parser reads Name[]= and Name[0]= as Name
    ...(['FriendlyName[]', 'Email[0]'] as const).map((bracketed) => {
      const name = bracketed.replace(/\[\d*\]$/, '') as 'FriendlyName' | 'Email';
      return requestRow(base, {
        shown: `${bracketed}= instead of ${name}=`,
        expect: 'reject',
        rule: `${name}.required`,
        source: `${SRC.missing}; standards.md Form bodies: names are compared exactly`,
        label: `${bracketed} sent instead of ${name}`,
        fields: { ...base, [name]: undefined } as unknown as RequestFields,
        body: encodeForm(params.map(([n, v]): [string, string] => [n === name ? bracketed : n, v])),
        missing: [name],
      });
    }),
    // names are compared exactly: PHP's form parser ($_POST) drops the spaces a name starts with, so " Email" becomes Email
    requestRow(base, {
      parameter: 'Email',
      shown: 'FriendlyName=…&%20Email=…&PolicySid=… (the name " Email", with a leading space)',
      expect: 'reject',
      rule: 'Email.required',
      source: `${SRC.missing}; standards.md Form bodies: names are compared exactly (" Email" is not Email)`,
      label: '%20Email (the name with a leading space) sent instead of Email',
      fields: { ...base, Email: undefined } as unknown as RequestFields,
      body: firstNamed(params, 'FriendlyName')
        .map(([n, v]) => (n === 'Email' ? `%20Email=${encodeForm([['', v]]).slice(1)}` : encodeForm([[n, v]])))
        .join('&'),
      missing: ['Email'],
    }),
    // the WHATWG parser decodes UTF-8 without BOM: a body read as text first (a StreamReader, request.text()) loses the BOM and reads FriendlyName
    requestRow(base, {
      shown: 'the valid body preceded by the bytes EF BB BF (a byte order mark)',
      expect: 'reject',
      rule: 'FriendlyName.required',
      source:
        'standards.md Form bodies: the bytes are decoded as UTF-8 without BOM, so the first name is "\\uFEFFFriendlyName" and FriendlyName is missing (twilio-behaviour.md: 400, code 20001); a server may refuse the body otherwise (a 4xx), never read it as the valid create',
      label: 'a valid body preceded by a byte order mark (EF BB BF): its first name is U+FEFF FriendlyName',
      fields: { ...base, FriendlyName: undefined } as unknown as RequestFields,
      body: `\ufeff${encodeForm(firstNamed(params, 'FriendlyName'))}`,
    }),
    // JSON under the form type (jQuery.ajax's default contentType, JSON.stringify(data) as the body): read as the form it is labelled, it holds no parameter
    requestRow(base, {
      shown: `the valid create as JSON under Content-Type: ${FORM_CONTENT_TYPE}; charset=UTF-8`,
      expect: 'reject',
      rule: JSON_UNDER_FORM_TYPE_RULE,
      source:
        'twilio-behaviour.md: request bodies are application/x-www-form-urlencoded; a JSON body is not read: answered as if the parameters were missing (400, code 20001); standards.md Form bodies: read as a form, the JSON text names no parameter',
      label: `a JSON body labelled ${FORM_CONTENT_TYPE}; charset=UTF-8 (jQuery.ajax's default type)`,
      fields: {} as RequestFields,
      body: JSON.stringify(fieldsRecord(base)),
      contentType: `${FORM_CONTENT_TYPE}; charset=UTF-8`,
      missing: [...REQUIRED_FIELDS],
    }),
    // JSON under a structured-syntax +json type (JSON:API's application/vnd.api+json): a parser mounted for application/*+json reads it
    requestRow(base, {
      shown: 'the valid create as JSON under Content-Type: application/vnd.api+json',
      expect: 'reject',
      rule: JSON_SUFFIX_TYPE_RULE,
      source: 'twilio-behaviour.md: request bodies are application/x-www-form-urlencoded; a JSON body is not read: answered as if the parameters were missing (400, code 20001)',
      label: 'a JSON body labelled application/vnd.api+json (a +json type)',
      fields: {} as RequestFields,
      body: JSON.stringify(fieldsRecord(base)),
      contentType: 'application/vnd.api+json',
      missing: [...REQUIRED_FIELDS],
    }),
  ];
}

/** The pairs with `name` first, the others in their order. */
function firstNamed(params: ReadonlyArray<[string, string]>, name: string): [string, string][] {
  return [...params.filter(([n]) => n === name), ...params.filter(([n]) => n !== name)];
}
