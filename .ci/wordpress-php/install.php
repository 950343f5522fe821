<?php
// Installs the test site through WordPress's own installer (wp_install), with dated permalinks
// (the addresses a real newsroom's old site has), in UTC, comments threaded. Run by .ci/wordpress.
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('WP_URL'), PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Newsroom Test Gazette', 'admin', 'admin@gazette.test', true, '', wp_generate_password(24));
update_option('timezone_string', 'UTC');
update_option('gmt_offset', 0);
update_option('thread_comments', 1);
update_option('thread_comments_depth', 10);
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
flush_rewrite_rules();
// The default "Hello world!" post, sample page and comment stay: a real site has them too.
echo "installed\n";
