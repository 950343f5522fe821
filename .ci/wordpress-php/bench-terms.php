<?php
// The benchmark's authors, categories and tags, made with WordPress's own functions (few, so quick);
// bench/wpimport_rest.py then adds the posts and comments with bulk SQL. Prints their IDs as JSON.
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('WP_URL'), PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
require '/usr/share/wordpress/wp-load.php';
$out = array('users' => array(), 'categories' => array(), 'tags' => array());
for ($a = 1; $a <= 20; $a++) {
    $out['users'][] = wp_insert_user(array('user_login' => "reporter$a", 'user_pass' => wp_generate_password(20),
        'user_email' => "reporter$a@gazette.test", 'display_name' => "Reporter Number $a", 'role' => 'author'));
}
$ids = array();
for ($c = 1; $c <= 50; $c++) {
    $parent = $c > 10 ? $ids[intdiv($c - 1, 5)] ?? 0 : 0;
    $term = wp_insert_term("Desk $c", 'category', array('slug' => "desk-$c", 'parent' => $parent));
    $ids[$c] = $term['term_id'];
    $out['categories'][] = $term['term_taxonomy_id'];
}
for ($t = 1; $t <= 200; $t++) {
    $out['tags'][] = wp_insert_term("Topic $t", 'post_tag', array('slug' => "topic-$t"))['term_taxonomy_id'];
}
echo json_encode($out), "\n";
