<?php
// PHP's built-in server in front of WordPress, as Apache's rewrite rules would be: an existing
// file is served as itself (a .php one run), every other path goes through index.php.
// ABSPATH is our temp docroot, so that WordPress loads our wp-config.php and never Debian's,
// which wants a file in /etc/wordpress.
$docroot = getenv('DUALGATE_WP_DOCROOT');
define('ABSPATH', $docroot . '/');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = $docroot . $path;
if ($path !== '/' && is_file($file) && strpos($path, '..') === false) {
    if (substr($file, -4) !== '.php') {
        return false;
    }
} else {
    $path = '/index.php';
    $file = $docroot . $path;
}
$_SERVER['SCRIPT_NAME'] = $path;
$_SERVER['PHP_SELF'] = $path;
$_SERVER['SCRIPT_FILENAME'] = $file;
chdir(dirname($file));
require $file;
