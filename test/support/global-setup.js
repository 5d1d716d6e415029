// Replaced shortly by the embedded-PostgreSQL test bootstrap.
module.exports = async () => {};
