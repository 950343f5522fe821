// The body editor's own nodes (django-prose-editor loads this module through
// DJANGO_PROSE_EDITOR_EXTENSIONS): a photo from the library and an embed, each stored as a <figure>
// holding only a reference (articles/body_media.py draws them for readers), and FigureExit, which
// lets the writer leave a figure's caption with Enter instead of typing the story into it.
import { Extension, Node, crel, gettext, pm, updateAttrsDialog } from "django-prose-editor/editor"

const { Plugin, PluginKey, TextSelection } = pm.state

function getJSON(url) {
  return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
    (response) => response.json().then((data) => (response.ok ? data : Promise.reject(data))),
  )
}

// What the library knows of a photo, once per page: the node views of a body with many photos share it.
const photoInfo = new Map()
function loadPhoto(pickerUrl, id) {
  if (!photoInfo.has(id)) {
    photoInfo.set(
      id,
      getJSON(`${pickerUrl}?id=${encodeURIComponent(id)}`).then((data) => data.results[0] || null, () => null),
    )
  }
  return photoInfo.get(id)
}

function photoCard(photo) {
  const caption = [photo.caption, photo.credit].filter(Boolean).join(" · ")
  return [
    crel("img", { src: photo.thumbnail, alt: photo.alt_text || "", loading: "lazy" }),
    crel("span", { className: "body-media-caption", textContent: caption || photo.alt_text || `#${photo.id}` }),
  ]
}

// A photo or an embed goes in with an empty paragraph after it, where the cursor waits for the next
// sentence: nothing selected that the next insertion or keystroke would replace.
function insertBlock(editor, node) {
  editor.chain().focus().insertContent([node, { type: "paragraph" }]).run()
}

// The picker: search the library by caption or credit, pick one, or upload one in the photo admin's pop-up.
function pickPhoto(editor, options) {
  return new Promise((resolve) => {
    const search = crel("input", { type: "search", placeholder: gettext("Search captions and credits"), className: "body-photo-search" })
    const results = crel("div", { className: "body-photo-results", role: "listbox" })
    const upload = crel("button", { type: "button", textContent: gettext("Upload a new photo…") })
    const cancel = crel("button", { type: "button", textContent: gettext("Cancel") })
    const dialog = crel("dialog", { className: "prose-editor-dialog body-photo-picker" }, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: gettext("Insert a library photo") }),
      search,
      results,
      crel("div", { className: "prose-editor-dialog-buttons" }, [upload, cancel]),
    ])
    const wrapper = crel("div", {}, [dialog])
    editor.view.dom.parentElement.append(wrapper)
    let chosen = null
    const finish = (value) => {
      chosen = value
      dialog.close()
    }
    dialog.addEventListener("close", () => {
      wrapper.remove()
      resolve(chosen)
    })
    cancel.addEventListener("click", () => finish(null))

    let timer = null
    const run = () => {
      getJSON(`${options.pickerUrl}?q=${encodeURIComponent(search.value.trim())}`).then(
        (data) => {
          results.replaceChildren(
            ...data.results.map((photo) => {
              photoInfo.set(String(photo.id), Promise.resolve(photo))
              const button = crel("button", { type: "button", className: "body-photo-choice", role: "option" }, photoCard(photo))
              button.dataset.photo = photo.id
              button.addEventListener("click", () => finish(String(photo.id)))
              return button
            }),
          )
          if (!data.results.length) {
            results.append(crel("p", { textContent: gettext("No photo matches.") }))
          }
        },
        () => results.replaceChildren(crel("p", { textContent: gettext("The library could not be searched.") })),
      )
    }
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(run, 250)
    })
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault()
        run()
      }
    })

    // Django's "+" pop-up reports the new photo to an element named after the window
    // (dismissAddRelatedObjectPopup in RelatedObjectLookups.js): a hidden input stands in for a select.
    upload.addEventListener("click", () => {
      const name = `body_photo_upload_${Date.now()}`
      const field = crel("input", { type: "hidden", id: name })
      document.body.append(field)
      const picked = () => {
        if (field.value) finish(field.value)
        field.remove()
      }
      if (window.django && window.django.jQuery) window.django.jQuery(field).on("change", picked)
      field.addEventListener("change", picked)
      const join = options.addUrl.includes("?") ? "&" : "?"
      window.open(`${options.addUrl}${join}_popup=1&_to_field=id`, name, "width=900,height=700,resizable=yes,scrollbars=yes")
    })

    dialog.showModal()
    run()
  })
}

// A block that stands for something stored elsewhere: a <figure> with one data attribute and no
// content of its own, selected and dragged as a whole.
function referenceFigure(name, attribute, dataAttribute) {
  return {
    name,
    group: "block",
    atom: true,
    draggable: true,
    selectable: true,
    addAttributes: () => ({
      [attribute]: {
        default: null,
        parseHTML: (element) => element.getAttribute(dataAttribute),
        renderHTML: (attributes) => ({ [dataAttribute]: attributes[attribute] }),
      },
    }),
    // Before the plain Figure's rule, which would take any <figure>.
    parseHTML: () => [{ tag: `figure[${dataAttribute}]`, priority: 60 }],
    renderHTML: ({ HTMLAttributes }) => ["figure", HTMLAttributes],
  }
}

export const BodyPhoto = Node.create({
  ...referenceFigure("bodyPhoto", "photo", "data-photo"),
  addOptions: () => ({ pickerUrl: "", addUrl: "" }),

  addNodeView() {
    return ({ node }) => {
      const dom = crel("figure", { className: "body-media body-media-photo", contentEditable: "false" })
      dom.dataset.photo = node.attrs.photo
      dom.append(crel("span", { className: "body-media-caption", textContent: gettext("Library photo") + ` #${node.attrs.photo}` }))
      loadPhoto(this.options.pickerUrl, String(node.attrs.photo)).then((photo) => {
        dom.replaceChildren(
          ...(photo ? photoCard(photo) : [crel("span", { className: "body-media-caption", textContent: gettext("This photo is no longer in the library; readers will not see it.") })]),
        )
      })
      return { dom }
    }
  },

  addCommands() {
    return {
      insertBodyPhoto:
        () =>
        ({ editor }) => {
          pickPhoto(editor, this.options).then((id) => {
            if (id) insertBlock(editor, { type: this.name, attrs: { photo: id } })
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "bodyPhoto",
      groups: "nodes",
      command: (editor) => editor.commands.insertBodyPhoto(),
      button: buttons.material("photo_library", gettext("Library photo")),
      active: (editor) => editor.isActive("bodyPhoto"),
      enabled: () => true,
    })
  },
})

export const Embed = Node.create({
  ...referenceFigure("embed", "url", "data-embed"),
  addOptions: () => ({ checkUrl: "" }),

  addNodeView() {
    return ({ node }) => {
      const dom = crel("figure", { className: "body-media body-media-embed", contentEditable: "false" }, [
        crel("span", { className: "material-icons", textContent: "smart_display", ariaHidden: "true" }),
        crel("span", { className: "body-media-caption", textContent: node.attrs.url }),
      ])
      dom.dataset.embed = node.attrs.url
      return { dom }
    }
  },

  addCommands() {
    return {
      insertEmbed:
        () =>
        ({ editor }) => {
          const ask = (url, problem) =>
            updateAttrsDialog(
              {
                url: {
                  type: "string",
                  title: gettext("Address of the video, post or podcast"),
                  description: problem || gettext("YouTube, Vimeo, X, Instagram, Bluesky, Mastodon, TikTok, Facebook, Spotify, SoundCloud or Apple Podcasts."),
                  required: true,
                },
              },
              { title: gettext("Embed"), submitText: gettext("Insert") },
            )(editor, { url }).then((attrs) => {
              if (!attrs) return
              const pasted = attrs.url.trim()
              getJSON(`${this.options.checkUrl}?url=${encodeURIComponent(pasted)}`).then(
                (data) => insertBlock(editor, { type: this.name, attrs: { url: data.url } }),
                (data) => ask(pasted, (data && data.error) || gettext("This address cannot be embedded.")),
              )
            })
          ask("")
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      command: (editor) => editor.commands.insertEmbed(),
      button: buttons.material("smart_display", gettext("Embed a video, post or podcast")),
      active: (editor) => editor.isActive("embed"),
      enabled: () => true,
    })
  },
})

// Where the text after a figure goes: a new paragraph right below it (or the empty one already there),
// as Enter at the end of a paragraph starts a new one.
function leaveFigure(tr, $pos) {
  for (let depth = $pos.depth; depth > 0; depth--) {
    if ($pos.node(depth).type.name !== "figure") continue
    const after = $pos.after(depth)
    const next = tr.doc.resolve(after).nodeAfter
    if (!next || next.type.name !== "paragraph" || next.content.size) {
      tr.insert(after, tr.doc.type.schema.nodes.paragraph.create())
    }
    return tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView()
  }
  return null
}

const inCaption = (selection) => selection.empty && selection.$from.parent.type.name === "caption"

function figureCount(doc) {
  let count = 0
  doc.descendants((node) => {
    if (node.type.name !== "figure") return true
    count += 1
    return false
  })
  return count
}

export const FigureExit = Extension.create({
  name: "figureExit",

  addKeyboardShortcuts() {
    const exit = ({ editor }) => {
      const { state, view } = editor
      if (!inCaption(state.selection)) return false
      const tr = leaveFigure(state.tr, state.selection.$from)
      if (!tr) return false
      view.dispatch(tr)
      return true
    }
    return {
      Enter: exit,
      // At the end of the caption the arrow goes on to the text below, as it does after a paragraph.
      ArrowDown: (props) => {
        const { selection } = props.editor.state
        return inCaption(selection) && selection.$from.parentOffset === selection.$from.parent.content.size ? exit(props) : false
      },
    }
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("figureExit"),
        // A figure inserted with its caption typed in the dialog leaves the cursor at the end of that
        // caption: put it after the figure, where the story goes on. (Adding an empty caption to a
        // figure keeps the cursor in it: that is where the writer wants to type.) Only when a figure
        // was inserted: a writer who clicks into a caption and types at once may have their first key
        // arrive before the editor has seen the click, and their words belong in the caption.
        appendTransaction(transactions, oldState, newState) {
          if (!transactions.some((tr) => tr.docChanged) || inCaption(oldState.selection)) return null
          const { selection } = newState
          if (!inCaption(selection) || !selection.$from.parent.content.size) return null
          if (figureCount(newState.doc) <= figureCount(oldState.doc)) return null
          return leaveFigure(newState.tr, selection.$from)
        },
      }),
    ]
  },
})
