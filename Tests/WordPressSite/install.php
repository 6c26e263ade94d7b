<?php
// Installs the site (wp_install, as the installer's last step does) and gives an administrator,
// an editor and a subscriber one application password each. Prints them as one JSON line.
define('WP_INSTALLING', true);
define('ABSPATH', getenv('DUALGATE_WP_DOCROOT') . '/');
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require_once ABSPATH . 'wp-load.php';
// The installer would mail the new administrator; there is no mailer here, and no need.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
ob_start();
wp_install('dualgate comparison', 'admin', 'admin@example.test', false, '', wp_generate_password(24), 'en_US');
update_option('permalink_structure', '/%postname%/');
flush_rewrite_rules();
$users = array(array('login' => 'admin', 'id' => 1, 'role' => 'administrator'));
foreach (array('editor', 'subscriber') as $role) {
    $id = wp_insert_user(array('user_login' => $role . '1', 'user_email' => $role . '1@example.test',
                               'user_pass' => wp_generate_password(24), 'role' => $role));
    $users[] = array('login' => $role . '1', 'id' => $id, 'role' => $role);
}
foreach ($users as $index => $user) {
    $created = WP_Application_Passwords::create_new_application_password($user['id'], array('name' => 'comparison'));
    if (is_wp_error($created)) {
        fwrite(STDERR, $created->get_error_message());
        exit(1);
    }
    $users[$index]['password'] = $created[0];
}
ob_end_clean();
echo json_encode($users), "\n";
