-- POSTs the body in the file named by BODY_FILE, with the Content-Type in CONTENT_TYPE and,
-- when AUTH is set, that Authorization header.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "text/xml"
local auth = os.getenv("AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
