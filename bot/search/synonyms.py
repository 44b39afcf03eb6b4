"""Everyday words fans use for the same thing, so "stuck in an elevator" finds the story set in
a lift: British and American words, and a few near-synonyms for places and plot.

Each group is symmetric: any word of a group also finds the others. Kept short and concrete on
purpose (a general thesaurus finds too much: "lift" also means "raise"); word families
("vampire", "vampires") are the search's own stemming, not listed here, except the irregular
verbs stemming cannot join ("write", "wrote", "written"), those whose past is no other
everyday word ("left", "saw", "fell" are not listed).
"""

from __future__ import annotations

_GROUPS = """
elevator lift
stuck trapped
apartment flat
cookie cookies biscuit biscuits
sweater jumper
fall autumn
vacation holiday
christmas xmas
movie film
soccer football
candy sweets
truck lorry
store shop
trash rubbish garbage
pants trousers
mom mum mother mama mommy mummy parent parents
dad father papa daddy parent parents
girlfriend girlfriends gf
boyfriend boyfriends bf
brother brothers bro bros
cellphone phone mobile
tv television telly
motel hotel inn
bar pub
hospital infirmary sickbay
underground tunnel tunnels cave caves
thunderstorm storm thunder lightning
snowstorm blizzard
cop cops police
car automobile
kiss kissing kissed
wedding marriage married
birthday bday
baking bakes baked bake baker
cooking cook cooks cooked
cake cakes
fishing fish fished
library books
witch witches witchcraft
vampire vampires vamp vamps
ghost ghosts haunted haunting
werewolf werewolves wolf wolves
hug hugs hugging cuddle cuddling cuddles
injury injured hurt wounded
sick illness ill fever
funeral grave cemetery graveyard
dies died die dying death dead
message messages voicemail voicemails
keepsake keepsakes heirloom heirlooms memento
cat cats kitten kittens kitty
dog dogs puppy puppies
horse horses pony ponies
bird birds
write writes writing wrote written
forget forgets forgetting forgot forgotten
teach teaches teaching taught
buy buys buying bought
find finds finding found
lose loses losing lost
break breaks breaking broke broken
steal steals stealing stole stolen
sing sings singing sang sung song songs
drive drives driving drove driven
fly flies flying flew flown
swim swims swimming swam swum
eat eats eating ate eaten
tell tells telling told
sell sells selling sold
think thinks thinking thought
bring brings bringing brought
catch catches catching caught
fight fights fighting fought
keep keeps keeping kept
sleep sleeps sleeping slept
hide hides hiding hid hidden
wake wakes waking woke woken
give gives giving gave given
speak speaks speaking spoke spoken
choose chooses choosing chose chosen
freeze freezes freezing froze frozen
forgive forgives forgiving forgave forgiven
build builds building built
dream dreams dreaming dreamt dreamed
bake bakes baking baked
""".strip().splitlines()

SYNONYMS: dict[str, tuple[str, ...]] = {}
for _line in _GROUPS:
    _group = tuple(_line.split())
    for _word in _group:
        SYNONYMS[_word] = tuple(dict.fromkeys((*SYNONYMS.get(_word, ()), *_group)))


def forms(word: str) -> tuple[str, ...]:
    """The word and the words that mean the same, the word first."""
    return tuple(dict.fromkeys((word, *SYNONYMS.get(word, ()))))
