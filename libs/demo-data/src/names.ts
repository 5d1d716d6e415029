/** Common given names and surnames in England and Wales, for plausible (and fictional) people. */
export const MALE_GIVEN_NAMES = [
  'James', 'John', 'David', 'Michael', 'Paul', 'Mark', 'Andrew', 'Richard', 'Daniel', 'Christopher',
  'Matthew', 'Thomas', 'Jack', 'Ryan', 'Liam', 'Jamie', 'Lewis', 'Callum', 'Connor', 'Kyle',
  'Dean', 'Lee', 'Wayne', 'Craig', 'Darren', 'Gary', 'Stephen', 'Scott', 'Shaun', 'Carl',
  'Jason', 'Adam', 'Ben', 'Luke', 'Nathan', 'Joshua', 'Harry', 'Charlie', 'George', 'Kieran',
  'Reece', 'Bradley', 'Aaron', 'Jordan', 'Tyler', 'Owen', 'Sam', 'Alex', 'Robert', 'Peter',
  'Ian', 'Kevin', 'Simon', 'Neil', 'Martin', 'Anthony', 'Steven', 'Gavin', 'Jake', 'Mohammed',
  'Tomasz', 'Marcus', 'Leon', 'Dylan', 'Kai', 'Mason', 'Ethan', 'Alfie', 'Mitchell', 'Ashley',
] as const;

export const FEMALE_GIVEN_NAMES = [
  'Sarah', 'Emma', 'Laura', 'Gemma', 'Kerry', 'Lisa', 'Michelle', 'Claire', 'Nicola', 'Rebecca',
  'Hannah', 'Jessica', 'Chloe', 'Amy', 'Charlotte', 'Danielle', 'Kelly', 'Stacey', 'Samantha', 'Leanne',
  'Natalie', 'Jade', 'Kayleigh', 'Shannon', 'Zoe', 'Lauren', 'Sophie', 'Megan', 'Holly', 'Tracey',
  'Donna', 'Karen', 'Joanne', 'Julie', 'Amanda', 'Louise', 'Rachel', 'Victoria', 'Katie', 'Paige',
] as const;

export const SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali', 'Hunt',
  'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight', 'Lloyd',
  'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey', 'Graham',
  'Pearson', 'Ahmed', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stewart', 'Elliott',
  'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day', 'Brooks', 'West', 'Lawrence',
  'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson', 'Ball', 'Burton', "O'Brien", 'Watts',
  'Rose', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees', 'Hayes',
  'Hart', 'Hudson', 'Newman', 'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe', 'Page',
  'Marsh', 'Riley', 'Dunn', 'Woods', 'Parsons', 'Berry', 'Stone', 'Reid', 'Holland', 'Hawkins',
  'Kowalski', 'Nowak', 'Osei', 'Mensah', 'Begum', 'Doyle', 'Gallagher', 'McCarthy', 'Pritchard', 'Whitehead',
] as const;

/**
 * How a duplicate record typically misspells a given name: the same person keyed again under a
 * variant is why duplicates are missed at the time and merged later.
 */
export const GIVEN_NAME_VARIANTS: Readonly<Record<string, string>> = {
  Steven: 'Stephen', Stephen: 'Steven', Jon: 'John', John: 'Jon', Mohammed: 'Muhammad', Shaun: 'Sean',
  Kayleigh: 'Kayley', Leanne: 'Lianne', Callum: 'Calum', Reece: 'Rhys', Kieran: 'Ciaran', Zoe: 'Zoë',
  Tomasz: 'Thomas', Ashley: 'Ash', Alex: 'Alexander', Sam: 'Samuel', Ben: 'Benjamin', Jake: 'Jacob',
};
