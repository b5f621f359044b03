"""StreamField blocks trainers use in lessons and quizzes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from home.blocks import CalloutBlock, HeadingBlock, ImageBlock


class VideoBlock(blocks.StructBlock):
    """A video people open on its own site, with its transcript or captions on ours.

    No third-party player is embedded: loading one would hand every learner's visit to the
    video host before they chose to watch.
    """

    url = blocks.URLBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Video title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        required=False,
        features=["bold", "italic", "ul", "ol", "link"],
    )
    captions_url = blocks.URLBlock(
        label=_("Captions or transcript address"),
        required=False,
        help_text=_("Required when there is no transcript above."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video_block.html"
        preview_value = {
            "url": "https://www.youtube.com/watch?v=example",
            "title": "Acolhimento na UBS",
            "transcript": "<p>Transcrição do vídeo.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("transcript") and not value.get("captions_url"):
            raise StructBlockValidationError(
                block_errors={
                    "transcript": ValidationError(
                        _(
                            "A video needs a transcript or a captions link, for people who "
                            "cannot hear it."
                        )
                    )
                }
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document_block.html"


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "h3", "blockquote"],
        preview_value="<p>O SUS atende todas as pessoas, com ou sem documentos.</p>",
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"),
        required=False,
        max_length=500,
        help_text=_("Shown after the attempt to whoever picked this answer."),
    )

    class Meta:
        icon = "tick"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    SINGLE = "single"
    MULTIPLE = "multiple"

    text = blocks.CharBlock(label=_("Question"), max_length=500)
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[(SINGLE, _("One correct answer")), (MULTIPLE, _("Several correct answers"))],
        default=SINGLE,
    )
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2)
    explanation = blocks.TextBlock(
        label=_("Explanation"), required=False, help_text=_("Shown after the attempt.")
    )

    class Meta:
        icon = "help"
        label = _("Question")
        preview_value = {
            "text": "Quem tem direito ao atendimento no SUS?",
            "kind": "single",
            "choices": [
                {"text": "Todas as pessoas", "correct": True, "feedback": "Isso."},
                {"text": "Só quem tem documentos", "correct": False, "feedback": "Não."},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            message = _("Mark at least one correct answer.")
        elif value["kind"] == self.SINGLE and correct > 1:
            message = _("A one-answer question has exactly one correct answer.")
        else:
            return value
        raise StructBlockValidationError(non_block_errors=[ValidationError(message)])


class QuizQuestionsBlock(blocks.StreamBlock):
    question = QuestionBlock()
