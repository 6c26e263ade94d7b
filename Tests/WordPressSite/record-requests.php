<?php
/*
 * Plugin Name: dualgate test recorder
 * Description: Appends one JSON line per request this WordPress receives to DUALGATE_RECEIVED_LOG.
 *
 * Installed by wordpress-site.py as a must-use plugin of the throwaway site (never on a real one).
 * The gateway tests (issue 13 item 6) grep the record to prove that WordPress never receives a
 * client's dualgate password and never receives a request that dualgate refused. It records, as
 * received: method, URI, the raw Authorization header, every other header, and the body (whole for
 * xmlrpc.php, where credentials travel in the params; for other requests up to 64 KiB, with length
 * and SHA-256 always). A line is written as soon as WordPress has loaded its must-use plugins,
 * before any answer is sent, so once a client has its answer the line is in the file.
 */
if (PHP_SAPI !== 'cli-server' || !defined('DUALGATE_RECEIVED_LOG')) {
    return;   // install.php (CLI) and any site not set up by wordpress-site.py
}

$dualgate_headers = array();
foreach ((function_exists('getallheaders') ? getallheaders() : array()) as $name => $value) {
    $dualgate_headers[strtolower($name)] = $value;
}
// PHP's built-in server passes Authorization both ways; record whichever is there.
$dualgate_authorization = $_SERVER['HTTP_AUTHORIZATION'] ?? ($dualgate_headers['authorization'] ?? null);
$dualgate_body = file_get_contents('php://input');   // php://input can be read again by WordPress
$dualgate_is_xmlrpc = defined('XMLRPC_REQUEST') && XMLRPC_REQUEST;
$dualgate_record = array(
    'time' => microtime(true),
    'pid' => getmypid(),
    'method' => $_SERVER['REQUEST_METHOD'] ?? '',
    'uri' => $_SERVER['REQUEST_URI'] ?? '',
    'authorization' => $dualgate_authorization,
    'auth_user' => $_SERVER['PHP_AUTH_USER'] ?? null,
    'xmlrpc' => $dualgate_is_xmlrpc,
    'headers' => $dualgate_headers,
    'body_bytes' => strlen($dualgate_body),
    'body_sha256' => hash('sha256', $dualgate_body),
    'body' => ($dualgate_is_xmlrpc || strlen($dualgate_body) <= 65536) ? $dualgate_body : null,
);
$dualgate_line = json_encode($dualgate_record, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
file_put_contents(DUALGATE_RECEIVED_LOG, $dualgate_line . "\n", FILE_APPEND | LOCK_EX);
unset($dualgate_headers, $dualgate_authorization, $dualgate_body, $dualgate_is_xmlrpc, $dualgate_record, $dualgate_line);
