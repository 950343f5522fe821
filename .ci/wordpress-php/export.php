<?php
// Writes the site's WXR export to stdout with WordPress's own export_wp(), as Tools → Export → All content.
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('WP_URL'), PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
// export_wp() sends download headers and ends with the document; headers mean nothing on the CLI.
export_wp(array('content' => 'all'));
