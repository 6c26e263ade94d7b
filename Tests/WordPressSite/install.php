<?php
// Installs the site (wp_install, as the installer's last step does) and gives an administrator,
// an editor and a subscriber one application password each (WordPress's own: valid for REST and
// XML-RPC). Prints them as one JSON line. With DUALGATE_WP_EXPORT_DIR set, also writes there the
// documents `dualgate import wordpress` reads, in the shape the README's WP-CLI snippet writes:
// export.json (users and their application passwords as WordPress stores them) and
// export-users.json (the same users, no passwords: dualgate then issues its own, which WordPress
// never accepts, so a gateway test can tell a client's password from the upstream credential).
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
    $users[$index]['uuid'] = $created[1]['uuid'];
}
$export_dir = getenv('DUALGATE_WP_EXPORT_DIR');
if ($export_dir) {
    $accounts = array();
    $stored = array();
    $none = array();
    foreach ($users as $user) {
        $data = get_userdata($user['id']);
        $accounts[] = array('ID' => (int) $data->ID, 'user_login' => $data->user_login, 'display_name' => $data->display_name,
                            'user_email' => $data->user_email, 'user_registered' => $data->user_registered,
                            'roles' => implode(',', $data->roles));
        $stored[(string) $data->ID] = get_user_meta($data->ID, '_application_passwords', true) ?: null;
        $none[(string) $data->ID] = null;
    }
    file_put_contents($export_dir . '/export.json', json_encode(array('users' => $accounts, 'application_passwords' => (object) $stored)) . "\n");
    file_put_contents($export_dir . '/export-users.json', json_encode(array('users' => $accounts, 'application_passwords' => (object) $none)) . "\n");
}
ob_end_clean();
echo json_encode($users), "\n";
