import Testing
import CredentialCore
@testable import RESTRoutes

@Suite struct RESTErrorTests {
    private func body(_ error: RESTError) -> String { String(decoding: error.response.body, as: UTF8.self) }

    @Test func authFailuresAreByteExact() {
        #expect(body(RESTError(AuthFailure.incorrectPassword))
                == #"{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}"#)
        #expect(body(RESTError(AuthFailure.unknownUser))
                == #"{"code":"invalid_username","message":"<strong>Error:<\/strong> Unknown username. Check again or try your email address.","data":{"status":401}}"#)
        #expect(body(RESTError(AuthFailure.unknownEmail))
                == #"{"code":"invalid_email","message":"<strong>Error:<\/strong> Unknown email address. Check again or try your username.","data":{"status":401}}"#)
        #expect(body(RESTError(AuthFailure.wrongAPIType))
                == #"{"code":"invalid_api_type","message":"This application password is not allowed to be used with the REST API.","data":{"status":401}}"#)
        #expect(RESTError(AuthFailure.notCheckedAfterEarlierFailure) == RESTError(AuthFailure.incorrectPassword))
        #expect(RESTError(AuthFailure.internalError).status == 500)
    }

    @Test func responseHasJSONContentTypeAndNoWWWAuthenticate() {
        let response = RESTError(AuthFailure.incorrectPassword).response
        #expect(response.status == 401)
        #expect(response.headers.isEmpty, "no WWW-Authenticate, nothing else")
        #expect(response.contentType == "application/json; charset=UTF-8")
    }

    @Test func routingAndReadOnly() {
        #expect(body(.noRoute) == #"{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}"#)
        #expect(body(.readOnly) == #"{"code":"unsupported_http_method","message":"This application password is read only.","data":{"status":403}}"#)
        #expect(body(.notLoggedIn) == #"{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}"#)
    }

    @Test func invalidJSONCarriesPHPsErrorNumbers() {
        #expect(body(.invalidJSON(.syntax))
                == #"{"code":"rest_invalid_json","message":"Invalid JSON body passed.","data":{"status":400,"json_error_code":4,"json_error_message":"Syntax error"}}"#)
    }

    @Test func parameterErrors() {
        #expect(body(.missingParameters(["name"]))
                == #"{"code":"rest_missing_callback_param","message":"Missing parameter(s): name","data":{"status":400,"params":["name"]}}"#)
        #expect(body(.invalidParameters([.notUUID("app_id")]))
                == #"{"code":"rest_invalid_param","message":"Invalid parameter(s): app_id","data":{"status":400,"params":{"app_id":"app_id is not a valid UUID."},"details":{"app_id":{"code":"rest_invalid_uuid","message":"app_id is not a valid UUID.","data":null}}}}"#)
    }

    @Test func refusalsAre401ForNobodyAnd403ForACaller() {
        #expect(RESTError.refused(.list, loggedIn: false).status == 401)
        #expect(body(.refused(.create, loggedIn: true))
                == #"{"code":"rest_cannot_create_application_passwords","message":"Sorry, you are not allowed to create application passwords for this user.","data":{"status":403}}"#)
    }

    @Test func lockoutCarriesRetryAfter() {
        let response = RESTError.tooManyFailedLogins(retryAfter: 120).response
        #expect(response.status == 429 && response.headers.last?.name == "Retry-After" && response.headers.last?.value == "120")
        #expect(body(.tooManyFailedLogins(retryAfter: 0)).hasPrefix(#"{"code":"too_many_failed_logins","#))
    }
}
