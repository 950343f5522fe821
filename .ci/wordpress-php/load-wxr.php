<?php
// Fills the test site from a WXR file (the theme unit test export) through WordPress's own functions
// (wp_insert_user, wp_insert_term, wp_insert_post, wp_insert_comment): WordPress's importer plugin
// is not packaged by Debian. Items keep their IDs (import_id); comments keep their threads.
// Then adds what the theme unit test lacks: a held, a spam and a trashed comment, a private post.
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('WP_URL'), PHP_URL_PORT);
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
define('WP_IMPORTING', true);
require '/usr/share/wordpress/wp-load.php';
wp_defer_term_counting(true);
wp_defer_comment_counting(true);
kses_remove_filters();  // content as the file has it, as an administrator's import keeps it

$xml = simplexml_load_file($argv[1], 'SimpleXMLElement', LIBXML_NOCDATA);
$ns = $xml->getNamespaces(true);
$channel = $xml->channel;
$wp = $channel->children($ns['wp']);

$users = array();
foreach ($wp->author as $a) {
    $login = (string) $a->author_login;
    $id = username_exists($login) ?: wp_insert_user(array(
        'user_login' => $login, 'user_pass' => wp_generate_password(20), 'user_email' => (string) $a->author_email,
        'display_name' => (string) $a->author_display_name, 'first_name' => (string) $a->author_first_name,
        'last_name' => (string) $a->author_last_name, 'role' => 'author',
    ));
    $users[$login] = $id;
}
$terms = array();
foreach (array('category' => 'category', 'tag' => 'post_tag') as $element => $taxonomy) {
    foreach ($wp->$element as $t) {
        $slug = (string) ($element == 'category' ? $t->category_nicename : $t->tag_slug);
        $name = (string) ($element == 'category' ? $t->cat_name : $t->tag_name);
        $args = array('slug' => $slug, 'description' => (string) ($element == 'category' ? $t->category_description : $t->tag_description));
        if ($element == 'category' && (string) $t->category_parent) {
            $parent = get_term_by('slug', (string) $t->category_parent, 'category');
            if ($parent) $args['parent'] = $parent->term_id;
        }
        $existing = get_term_by('slug', $slug, $taxonomy);
        $terms[$taxonomy][$slug] = $existing ? $existing->term_id : wp_insert_term($name, $taxonomy, $args)['term_id'];
    }
}
$posts = 0; $comments = 0;
foreach ($channel->item as $item) {
    $w = $item->children($ns['wp']);
    $type = (string) $w->post_type;
    if (!in_array($type, array('post', 'page', 'attachment'))) continue;
    $login = (string) $item->children($ns['dc'])->creator;
    $data = array(
        'import_id' => (int) $w->post_id, 'post_type' => $type, 'post_title' => (string) $item->title,
        'post_content' => (string) $item->children($ns['content'])->encoded,
        'post_excerpt' => (string) $item->children($ns['excerpt'])->encoded,
        'post_status' => (string) $w->status, 'post_name' => (string) $w->post_name,
        'post_date' => (string) $w->post_date, 'post_date_gmt' => (string) $w->post_date_gmt,
        'comment_status' => (string) $w->comment_status, 'ping_status' => (string) $w->ping_status,
        'post_parent' => (int) $w->post_parent, 'menu_order' => (int) $w->menu_order,
        'post_password' => (string) $w->post_password, 'post_author' => $users[$login] ?? 1,
        'guid' => (string) $item->guid,
    );
    if ($type == 'attachment') {
        $data['post_mime_type'] = wp_check_filetype((string) $w->attachment_url)['type'] ?: 'image/jpeg';
        $id = wp_insert_attachment($data, false, 0, true);
    } else {
        $id = wp_insert_post(wp_slash($data), true);
    }
    if (is_wp_error($id)) { fwrite(STDERR, "post {$w->post_id}: " . $id->get_error_message() . "\n"); continue; }
    $posts++;
    foreach ($w->postmeta as $m) {
        $key = (string) $m->meta_key;
        if ($key == '_edit_last') continue;
        add_post_meta($id, $key, wp_slash(maybe_unserialize((string) $m->meta_value)));
    }
    if ((string) $w->is_sticky === '1') stick_post($id);
    $by = array('category' => array(), 'post_tag' => array());
    foreach ($item->category as $c) {
        $domain = (string) $c['domain'];
        $taxonomy = $domain == 'category' ? 'category' : ($domain == 'post_tag' ? 'post_tag' : null);
        if (!$taxonomy) continue;
        $slug = (string) $c['nicename'];
        if (!isset($terms[$taxonomy][$slug])) {
            $terms[$taxonomy][$slug] = wp_insert_term((string) $c, $taxonomy, array('slug' => $slug))['term_id'];
        }
        $by[$taxonomy][] = (int) $terms[$taxonomy][$slug];
    }
    if ($type == 'post') {
        wp_set_object_terms($id, $by['category'] ?: array((int) get_option('default_category')), 'category');
        wp_set_object_terms($id, $by['post_tag'], 'post_tag');
    }
    $ids = array();
    foreach ($w->comment as $c) {
        $new = wp_insert_comment(wp_slash(array(
            'comment_post_ID' => $id, 'comment_author' => (string) $c->comment_author,
            'comment_author_email' => (string) $c->comment_author_email, 'comment_author_url' => (string) $c->comment_author_url,
            'comment_author_IP' => (string) $c->comment_author_IP, 'comment_date' => (string) $c->comment_date,
            'comment_date_gmt' => (string) $c->comment_date_gmt, 'comment_content' => (string) $c->comment_content,
            'comment_approved' => (string) $c->comment_approved, 'comment_type' => (string) $c->comment_type ?: 'comment',
            'comment_parent' => $ids[(string) $c->comment_parent] ?? 0, 'user_id' => (int) $c->comment_user_id,
        )));
        $ids[(string) $c->comment_id] = $new;
        $comments++;
    }
}
// What the theme unit test lacks: comments waiting for moderation, spam, in the trash; a private post.
$first = get_posts(array('numberposts' => 1, 'orderby' => 'ID', 'order' => 'ASC', 'post_status' => 'publish'))[0]->ID;
foreach (array('0' => 'Waiting for a moderator.', 'spam' => 'Buy cheap watches.', 'trash' => 'Deleted by a moderator.') as $status => $text) {
    wp_insert_comment(array('comment_post_ID' => $first, 'comment_author' => "Reader $status", 'comment_author_email' => 'reader@example.org',
        'comment_content' => $text, 'comment_approved' => $status, 'comment_date' => '2020-05-01 10:00:00', 'comment_date_gmt' => '2020-05-01 10:00:00'));
    $comments++;
}
wp_insert_post(array('post_title' => 'Staff only: the budget', 'post_content' => 'Private notes.', 'post_status' => 'private',
    'post_author' => 1, 'post_date' => '2020-05-02 09:00:00', 'post_date_gmt' => '2020-05-02 09:00:00'));
$posts++;
wp_defer_term_counting(false);
wp_defer_comment_counting(false);
echo "loaded $posts items, $comments comments\n";
