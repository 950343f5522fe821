<?php
// Prints a new application password for the user named in argv[1] (WordPress's own API for them).
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('WP_URL'), PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
require '/usr/share/wordpress/wp-load.php';
$user = get_user_by('login', $argv[1] ?? 'admin');
list($password) = WP_Application_Passwords::create_new_application_password($user->ID, array('name' => 'newsroom-import'));
echo $password, "\n";
