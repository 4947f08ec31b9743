// Generated from the reference mock by `npm run docs:explain` (scripts/gen-explain.ts); do not edit by hand.
import type { CheckId } from '../catalog.ts';
import type { ExampleAnswer } from './example.ts';

export const EXAMPLE_ANSWERS: Partial<Record<CheckId, { pass: readonly ExampleAnswer[]; fail: readonly ExampleAnswer[] }>> = {
  "create.status-201": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "create.success-201": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 202,
        "statusText": "Accepted",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"status\":\"queued-for-review\",\"message\":\"The Customer-Profile will be created once its text has been reviewed\"}",
        "cut": false
      }
    ]
  },
  "update.status-200": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\"}",
        "cut": true
      }
    ]
  },
  "create.burst": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "response.content-type-json": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "text/plain; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ]
  },
  "resource.schema": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"XX00000000000000000000000000000001\",\"status\":\"draft\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "no-server-error": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme 🚀\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 500,
        "statusText": "Internal Server Error",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20500,\"message\":\"Internal Server Error\"}",
        "cut": true
      }
    ]
  },
  "no-credential-leak": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"debug\":{\"auth_token\":\"{AuthToken}\"}}",
        "cut": true
      }
    ]
  },
  "response.utf8-no-bom": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "\\uFEFF{\"sid\":\"BU00000000",
        "cut": true
      }
    ]
  },
  "response.charset-utf8": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=iso-8859-1"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ]
  },
  "response.unique-members": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"policy_sid\":\"RN0123456789abcdef0123456789abcdef\",\"friendly_name\":\"Acme\",\"status\":\"draft\",\"email\":\"ops@example.com\",\"status_callback\":null,\"valid_until\":null,\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\",\"url\":\"http://127.0.0.1:4010/v1",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"status\":\"draft\",\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"policy_sid\":\"RN0123456789abcdef0123456789abcdef\",\"friendly_name\":\"Acme\",\"status\":\"draft\",\"email\":\"ops@example.com\",\"status_callback\":null,\"valid_until\":null,\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\",\"url\":\"http://",
        "cut": true
      }
    ]
  },
  "response.json-interoperable": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[],\"meta\":{\"page\":0,\"page_size\":50,\"first_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"previous_page_url\":null,\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"next_page_url\":null,\"key\":\"results\"}}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[],\"meta\":{\"page\":0,\"page_size\":50,\"first_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"previous_page_url\":null,\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"next_page_url\":null,\"key\":\"results\",\"page_token\":1234567890123456789}}",
        "cut": false
      }
    ]
  },
  "auth.scheme-case-insensitive": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\"}",
        "cut": true
      }
    ]
  },
  "reject.invalid-4xx": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":60200,\"message\":\"Invalid parameter: PolicySid\",\"status\":400}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"policy_sid\":null,\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "error.envelope": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":400}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "text/plain; charset=utf-8"
        },
        "body": "Error 20001: Missing required parameter Email in the post body",
        "cut": false
      }
    ]
  },
  "error.content-type-json": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":400}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "text/html; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":400}",
        "cut": false
      }
    ]
  },
  "error.envelope-status": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":400}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":200}",
        "cut": false
      }
    ]
  },
  "missing.only-when-absent": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter FriendlyName in the post body\",\"status\":400}",
        "cut": true
      }
    ]
  },
  "auth.required-401": {
    "pass": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "auth.challenge": {
    "pass": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "www-authenticate": "Basic realm=\"Twilio API\""
        },
        "body": "{\"code\":20003,\"status\":401}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "www-authenticate": null
        },
        "body": "{\"code\":20003,\"status\":401}",
        "cut": true
      }
    ]
  },
  "reject.no-side-effect": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"status\":400}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"status\":400}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"email\":null}]}",
        "cut": true
      }
    ]
  },
  "repeated-param.consistent": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme Corp\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme+Corp\"}",
        "cut": true
      }
    ]
  },
  "response.allow-405": {
    "pass": [
      {
        "status": 405,
        "statusText": "Method Not Allowed",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "allow": "GET, POST"
        },
        "body": "{\"code\":20004,\"message\":\"Method PUT not allowed on /v1/CustomerProfiles\",\"more_info\":\"https://www.twilio.com/docs/errors/20004\",\"status\":405}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 405,
        "statusText": "Method Not Allowed",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "allow": null
        },
        "body": "{\"code\":20004,\"message\":\"Method PUT not allowed on /v1/CustomerProfiles\",\"more_info\":\"https://www.twilio.com/docs/errors/20004\",\"status\":405}",
        "cut": false
      }
    ]
  },
  "auth.follow-up-routes": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "auth.before-lookup": {
    "pass": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"The requested resource /v1/CustomerProfiles/BU00000000000000000000000000000000 was not found\",\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}",
        "cut": false
      }
    ]
  },
  "auth.refused-delete-keeps": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"The requested resource /v1/CustomerProfiles/BU00000000000000000000000000000001 was not found\",\"status\":404}",
        "cut": true
      }
    ]
  },
  "auth.refused-update-keeps": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\",\"friendly_name\":\"Acme\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\",\"friendly_name\":\"renamed by an update with refused credentials (wrong)\"}",
        "cut": true
      }
    ]
  },
  "missing.code-20001": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":400}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":21000,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/21000\",\"status\":400}",
        "cut": false
      }
    ]
  },
  "auth.code-20003": {
    "pass": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 401,
        "statusText": "Unauthorized",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20005,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20005\",\"status\":401}",
        "cut": false
      }
    ]
  },
  "error.more-info": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":400}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter Email in the post body\",\"more_info\":\"https://example.com/errors/20001\",\"status\":400}",
        "cut": false
      }
    ]
  },
  "json-body.as-missing": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"message\":\"Missing required parameter FriendlyName in the post body\",\"status\":400}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "echo.fields": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"friendly_name\":\" Acme  Corp \"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"friendly_name\":\"Acme Corp\"}",
        "cut": true
      }
    ]
  },
  "create.initial-state": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"status\":\"draft\",\"valid_until\":null,\"errors\":null}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"status\":\"pending-review\",\"valid_until\":null,\"errors\":null}",
        "cut": true
      }
    ]
  },
  "resource.timestamps-gmt": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"date_created\":\"2026-05-04T10:42:00+01:00\",\"date_updated\":\"2026-05-04T10:42:00+01:00\"}",
        "cut": true
      }
    ]
  },
  "create.timestamps-server-clock": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"date_created\":\"2026-05-04T06:42:00Z\",\"date_updated\":\"2026-05-04T06:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "response.date-header": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": null
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      }
    ]
  },
  "create.timestamps-now": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"date_created\":\"2026-05-04T06:42:00Z\",\"date_updated\":\"2026-05-04T06:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "response.date-advances": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"policy_sid\":\"RN0123456789abcdef0123456789abcdef\",\"friendly_name\":\"Acme\",\"status\":\"draft\",\"email\":\"ops@example.com\",\"status_callback\":null,\"valid_until\":null,\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://1",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"policy_sid\":\"RN0123456789abcdef0123456789abcdef\",\"friendly_name\":\"Acme\",\"status\":\"draft\",\"email\":\"ops@example.com\",\"status_callback\":null,\"valid_until\":null,\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluation",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"policy_sid\":\"RN0123456789abcdef0123456789abcdef\",\"friendly_name\":\"Acme\",\"status\":\"draft\",\"email\":\"ops@example.com\",\"status_callback\":null,\"valid_until\":null,\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://1",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"policy_sid\":\"RN0123456789abcdef0123456789abcdef\",\"friendly_name\":\"Acme\",\"status\":\"draft\",\"email\":\"ops@example.com\",\"status_callback\":null,\"valid_until\":null,\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluation",
        "cut": true
      }
    ]
  },
  "create.date-created-advances": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "resource.url": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/Evaluations\",\"customer_profiles_channel_endpoint_assignment\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/ChannelEndpointAssignments\"}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfile/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfile/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://127.0.0.1:4010/v1/CustomerProfile/BU00000000000000000000000000000001/Evaluations\",\"customer_profiles_channel_endpoint_assignment\":\"http://127.0.0.1:4010/v1/CustomerProfile/BU00000000000000000000000000000001/ChannelEndpointAssignments\"}}",
        "cut": true
      }
    ]
  },
  "resource.account-sid": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"account_sid\":\"AC0123456789abcdef0123456789abcdef\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"account_sid\":\"AC99999999999999999999999999999999\"}",
        "cut": true
      }
    ]
  },
  "not-found.code-20404": {
    "pass": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"The requested resource /v1/CustomerProfiles/BU00000000000000000000000000000000 was not found\",\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"Not Found\",\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}",
        "cut": false
      }
    ]
  },
  "rate-limit.code-20429": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json",
          "retry-after": null
        },
        "body": "{\"meta\":{\"page\":0}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json",
          "retry-after": null
        },
        "body": "{\"meta\":{\"page\":0}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "retry-after": null
        },
        "body": "{\"meta\":{\"page\":0}}",
        "cut": true
      },
      {
        "status": 429,
        "statusText": "Too Many Requests",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "retry-after": "0"
        },
        "body": "{\"code\":429,\"status\":429}",
        "cut": true
      }
    ]
  },
  "response.date-imf-fixdate": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json",
          "date": "Mon, 04 May 2026 09:42:00 GMT"
        },
        "body": "{\"meta\":{\"page\":0}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8",
          "date": "Monday, 04-May-26 09:42:00 GMT"
        },
        "body": "{\"meta\":{\"page\":0}}",
        "cut": true
      }
    ]
  },
  "create.unique-sid": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Acme\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      }
    ]
  },
  "extra-params.ignored": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme Corp\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme+Corp\"}",
        "cut": true
      }
    ]
  },
  "observed.behaviour": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001,\"status\":400}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "readback.same": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status_callback\":null}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status_callback\":null}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status_callback\":null}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status_callback\":\"\"}",
        "cut": true
      }
    ]
  },
  "fetch.no-update": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BUf0795a731e95c049c6a59678d2ac00bc\",\"date_updated\":\"2026-05-03T09:42:00Z\"},{\"sid\":\"BU00000000000000000000000000000002\",\"date_updated\":\"2026-05-03T09:47:00Z\"},{\"sid\":\"BU00000000000000000000000000000003\",\"date_updated\":\"2026-05-03T09:52:00Z\"}]}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BUf0795a731e95c049c6a59678d2ac00bc\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "list.shows-created": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page_size\":50}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[],\"meta\":{\"page_size\":50}}",
        "cut": true
      }
    ]
  },
  "list.own-account": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\"},{\"sid\":\"BU00000000000000000000000000000002\",\"account_sid\":\"AC99999999999999999999999999999999\"}]}",
        "cut": true
      }
    ]
  },
  "delete.gone": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"The requested resource /v1/CustomerProfiles/BU00000000000000000000000000000001 was not found\",\"status\":404}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "delete.unknown-404": {
    "pass": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"The requested resource /v1/CustomerProfiles/BU00000000000000000000000000000000 was not found\",\"status\":404}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      }
    ]
  },
  "lookup.sid-exact": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ]
  },
  "lookup.update-of-none": {
    "pass": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000000\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000000\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "update.date-created-kept": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "update.applied": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"ops@example.com\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"trusthub.conformance+ops@outlook.com\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"trusthub.conformance+ops@outlook.com\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"ops@example.com\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"ops@example.com\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"ops@example.com\"}",
        "cut": true
      }
    ]
  },
  "update.unsent-kept": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"ops@example.com\",\"status_callback\":\"https://example.com/cb\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"email\":\"ops@example.com\",\"status_callback\":\"https://example.com/cb\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"email\":\"ops@example.com\",\"status_callback\":\"https://example.com/cb\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"email\":\"ops@example.com\",\"status_callback\":\"https://example.com/cb\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"email\":\"ops@example.com\",\"status_callback\":null}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"email\":\"ops@example.com\",\"status_callback\":null}",
        "cut": true
      }
    ]
  },
  "update.status-enum": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"status\":400,\"code\":60200}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"approved\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"approved\"}",
        "cut": true
      }
    ]
  },
  "update.callback-absolute": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status_callback\":null,\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":60200,\"status\":400}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status_callback\":null,\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status_callback\":null,\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status_callback\":\"/status-callbacks/relative\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status_callback\":\"/status-callbacks/relative\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "update.listed-by-name": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}]}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}]}",
        "cut": true
      }
    ]
  },
  "update.answer-stored": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "update.date-updated-moves": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Renamed\",\"date_created\":\"2026-05-04T09:42:00Z\",\"date_updated\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      }
    ]
  },
  "update.filtered-listed": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"After\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}]}",
        "cut": true
      }
    ]
  },
  "update.repeated-param": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"First\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"First\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Before\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"First,Second\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"First,Second\"}",
        "cut": true
      }
    ]
  },
  "lookup.other-account-404": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ]
  },
  "resource.url-not-from-request": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/Evaluations\",\"customer_profiles_channel_endpoint_assignment\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/ChannelEndpointAssignments\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/Evaluations\",\"customer_profiles_channel_endpoint_assignment\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/ChannelEndpointAssignments\"}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/Evaluations\",\"customer_profiles_channel_endpoint_assignment\":\"http://127.0.0.1:4010/v1/CustomerProfiles/BU00000000000000000000000000000001/ChannelEndpointAssignments\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"url\":\"http://127.0.0.1:4010/x/v1/CustomerProfiles/BU00000000000000000000000000000001\",\"links\":{\"customer_profiles_entity_assignments\":\"http://127.0.0.1:4010/x/v1/CustomerProfiles/BU00000000000000000000000000000001/EntityAssignments\",\"customer_profiles_evaluations\":\"http://127.0.0.1:4010/x/v1/CustomerProfiles/BU00000000000000000000000000000001/Evaluations\",\"customer_profiles_channel_endpoint_assignment\":\"http://127.0.0.1:4010/x/v1/CustomerProfiles/BU00000000000000000000000000000001/ChannelEndpointAssignments\"}}",
        "cut": true
      }
    ]
  },
  "lookup.account-param": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ]
  },
  "create.sid-from-server": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Other\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Other\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Other\"}",
        "cut": true
      }
    ]
  },
  "auth.pairs-one-account": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"account_sid\":\"SKfedcba9876543210fedcba9876543210\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ]
  },
  "route.path-exact": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ]
  },
  "list.paging": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"next_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1&PageToken=PA1\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"page\":1,\"next_page_url\":null}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"next_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1&PageToken=PA1\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"next_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1&PageToken=PA1\"}}",
        "cut": true
      }
    ]
  },
  "delete.concurrent": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"status\":404}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":null,\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "methods.keep-profile": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 405,
        "statusText": "Method Not Allowed",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20004,\"status\":405}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"changed\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"changed\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "list.previous-page": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"previous_page_url\":null}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"page\":1,\"previous_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=0\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"previous_page_url\":null}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"previous_page_url\":null}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"page\":1,\"previous_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page\":0,\"previous_page_url\":null}}",
        "cut": true
      }
    ]
  },
  "list.page-schema": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"meta\":{\"page\":0,\"page_size\":50,\"first_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"previous_page_url\":null,\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"next_page_url\":null,\"key\":\"results\"}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"meta\":{\"page\":\"0\",\"page_size\":\"50\",\"first_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"previous_page_url\":null,\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=50&Page=0\",\"next_page_url\":null,\"key\":\"results\"}}",
        "cut": true
      }
    ]
  },
  "delete.no-content": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      }
    ]
  },
  "not-found.envelope": {
    "pass": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20404,\"message\":\"The requested resource /v1/CustomerProfiles/BU00000000000000000000000000000000 was not found\",\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}",
        "cut": false
      }
    ],
    "fail": [
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "text/html; charset=utf-8"
        },
        "body": "<html><body><h1>404 Not Found</h1></body></html>",
        "cut": false
      }
    ]
  },
  "list.page-size": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page_size\":50,\"next_page_url\":null}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page_size\":20,\"next_page_url\":null}}",
        "cut": true
      }
    ]
  },
  "list.page-index": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"page\":1,\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1\"}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"page\":0,\"url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1\"}}",
        "cut": true
      }
    ]
  },
  "list.meta-key": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"key\":\"results\"}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"key\":\"customer_profiles\"}}",
        "cut": true
      }
    ]
  },
  "list.valid-query-200": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[],\"meta\":{\"page\":3}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 404,
        "statusText": "Not Found",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"detail\":\"Invalid page.\"}",
        "cut": false
      }
    ]
  },
  "list.invalid-paging-4xx": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":60200}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page_size\":2}}",
        "cut": true
      }
    ]
  },
  "list.conditional-fresh": {
    "pass": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 304,
        "statusText": "Not Modified",
        "headers": {},
        "body": "",
        "cut": false
      }
    ]
  },
  "list.filters": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Other\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"friendly_name\":\"Acme\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Other\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"friendly_name\":\"Acme\"},{\"friendly_name\":\"Other\"}]}",
        "cut": true
      }
    ]
  },
  "list.filter-complete": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"status\":\"draft\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[]}",
        "cut": true
      }
    ]
  },
  "list.walk-complete": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000003\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000004\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000005\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000006\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000007\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000008\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000009\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU0000000000000000000000000000000a\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU0000000000000000000000000000000b\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"},{\"sid\":\"BU00000000000000000000000000000002\"},{\"sid\":\"BU00000000000000000000000000000003\"},{\"sid\":\"BU00000000000000000000000000000004\"},{\"sid\":\"BU00000000000000000000000000000005\"},{\"sid\":\"BU00000000000000000000000000000006\"},{\"sid\":\"BU00000000000000000000000000000007\"},{\"sid\":\"BU00000000000000000000000000000008\"},{\"sid\":\"BU00000000000000000000000000000009\"},{\"sid\":\"BU0000000000000000000000000000000a\"},{\"sid\":\"BU0000000000000000000000000000000b\"}],\"meta\":{\"next_page_url\":null}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000003\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000004\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000005\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000006\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000007\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000008\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000009\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU0000000000000000000000000000000a\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU0000000000000000000000000000000b\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"},{\"sid\":\"BU00000000000000000000000000000002\"},{\"sid\":\"BU00000000000000000000000000000003\"},{\"sid\":\"BU00000000000000000000000000000004\"},{\"sid\":\"BU00000000000000000000000000000005\"},{\"sid\":\"BU00000000000000000000000000000006\"},{\"sid\":\"BU00000000000000000000000000000007\"},{\"sid\":\"BU00000000000000000000000000000008\"},{\"sid\":\"BU00000000000000000000000000000009\"},{\"sid\":\"BU0000000000000000000000000000000a\"}],\"meta\":{\"next_page_url\":null}}",
        "cut": true
      }
    ]
  },
  "list.same-as-created": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"date_created\":\"2026-05-04T09:42:00Z\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"date_created\":\"2026-05-04T09:42:00Z\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"date_created\":\"2026-05-04T10:42:00Z\"}]}",
        "cut": true
      }
    ]
  },
  "account.model": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"First\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Second\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000003\",\"friendly_name\":\"Third\"}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"First\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Second\"}",
        "cut": true
      },
      {
        "status": 204,
        "statusText": "No Content",
        "headers": {},
        "body": "",
        "cut": false
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\",\"friendly_name\":\"Third\"}",
        "cut": true
      }
    ]
  },
  "list.exact": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000003\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"next_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1&PageToken=PA1\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"next_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=2&PageToken=PA2\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000003\"}],\"meta\":{\"next_page_url\":null}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000003\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"next_page_url\":\"http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=1&Page=1&PageToken=PA1\"}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000003\"}],\"meta\":{\"next_page_url\":null}}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[],\"meta\":{\"next_page_url\":null}}",
        "cut": true
      }
    ]
  },
  "account.list-paging": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"}],\"meta\":{\"page_size\":1}}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000002\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\"},{\"sid\":\"BU00000000000000000000000000000002\"}],\"meta\":{\"page_size\":50}}",
        "cut": true
      }
    ]
  },
  "account.list-filter": {
    "pass": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme Ltd\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme Ltd\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\",\"friendly_name\":\"Acme Ltd\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[]}",
        "cut": true
      }
    ]
  },
  "reject.no-trace": {
    "pass": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000001\",\"email\":\"ops@example.com\"}]}",
        "cut": true
      }
    ],
    "fail": [
      {
        "status": 400,
        "statusText": "Bad Request",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"code\":20001}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[]}",
        "cut": true
      },
      {
        "status": 201,
        "statusText": "Created",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"sid\":\"BU00000000000000000000000000000001\"}",
        "cut": true
      },
      {
        "status": 200,
        "statusText": "OK",
        "headers": {
          "content-type": "application/json; charset=utf-8"
        },
        "body": "{\"results\":[{\"sid\":\"BU00000000000000000000000000000002\",\"email\":null},{\"sid\":\"BU00000000000000000000000000000001\",\"email\":\"ops@example.com\"}]}",
        "cut": true
      }
    ]
  }
};
