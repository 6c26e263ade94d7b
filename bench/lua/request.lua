-- The request of one workload, the same for dualgate and for nginx: METHOD (default GET, or POST
-- when there is a body), the body in BODY_FILE with the Content-Type in CONTENT_TYPE, and AUTH as
-- the Authorization header when set. wrk builds it once per thread and sends it as is.
-- REQUEST_FILE: each thread writes there the exact bytes it sends (so that bench.py can check that
-- both servers got the same request); with REQUEST_ONLY=1 wrk exits right after, without connecting.
local body_file = os.getenv("BODY_FILE")
if body_file and body_file ~= "" then
    local file = assert(io.open(body_file, "rb"))
    wrk.body = file:read("*a")
    file:close()
    wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "text/xml"
end
local method = os.getenv("METHOD")
wrk.method = (method and method ~= "") and method or (wrk.body and "POST" or "GET")
local auth = os.getenv("AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

function init(args)
    local path = os.getenv("REQUEST_FILE")
    if path and path ~= "" then
        local out = assert(io.open(path, "wb"))
        out:write(wrk.format())
        out:close()
        if os.getenv("REQUEST_ONLY") == "1" then os.exit(0) end
    end
end
